package dev.aibilling.domain.queries;

import dev.aibilling.domain.credits.Account;
import dev.aibilling.domain.credits.ConsumeRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.CreditStore;
import dev.aibilling.domain.credits.LedgerEntry;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStore;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.plans.Money;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.plans.PlanStore;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The answers of the read routes (the user's own, and support's view of any user), shaped for the client. */
public final class BillingQueries {
    private final CreditLedger ledger;
    private final CachedPlans plans;
    private final SubscriptionStore subscriptions;
    private final PaymentStore payments;

    public BillingQueries(CreditLedger ledger, CachedPlans plans, SubscriptionStore subscriptions,
                          PaymentStore payments) {
        this.ledger = ledger;
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.payments = payments;
    }

    /** The queries over the stores, with the catalog cached for {@link CachedPlans#DEFAULT_TTL}. */
    public static BillingQueries of(CreditStore credits, PlanStore plans, SubscriptionStore subscriptions,
                                    PaymentStore payments, Clock clock) {
        return new BillingQueries(new CreditLedger(credits, clock),
                new CachedPlans(plans, clock, CachedPlans.DEFAULT_TTL), subscriptions, payments);
    }

    /** Active plans, cheapest first, without Stripe price ids: checkout takes a plan id, never a price. */
    public Map<String, List<PlanView>> plans() {
        return Map.of("plans", plans.all().stream().filter(Plan::active)
                .sorted(Comparator.comparingLong(plan -> plan.monthlyPrice().amount()))
                .map(PlanView::of).toList());
    }

    public CreditsView credits(String userId) {
        Account account = ledger.account(userId);
        long allowance = plans.plan(account.planId()).map(Plan::creditsPerMonth).orElse(0L);
        return new CreditsView(account.balance(), account.planId(), allowance, account.nextResetAt());
    }

    public Page<LedgerEntryView> usage(String userId, PageRequest page) {
        Page<LedgerEntry> entries = ledger.history(userId, page);
        return new Page<>(entries.items().stream().map(LedgerEntryView::of).toList(), entries.nextCursor());
    }

    public Map<String, SubscriptionView> subscription(String userId) {
        // a Map that may hold a null: the client reads {"subscription": null} when there is none
        Map<String, SubscriptionView> body = new HashMap<>();
        body.put("subscription", subscriptionView(userId).orElse(null));
        return body;
    }

    public Optional<SubscriptionView> subscriptionView(String userId) {
        return subscriptions.find(userId).map(this::view);
    }

    public SubscriptionView view(Subscription subscription) {
        return SubscriptionView.of(subscription, plans.plan(subscription.planId()).map(PlanView::of).orElse(null));
    }

    public Page<PaymentView> payments(String userId, PageRequest page) {
        Page<Payment> listed = payments.list(userId, page);
        return new Page<>(listed.items().stream().map(PaymentView::of).toList(), listed.nextCursor());
    }

    /** Everything support needs about one user on one screen: credits, subscription, latest payments. */
    public UserSummary user(String userId) {
        return new UserSummary(userId, credits(userId), subscriptionView(userId).orElse(null),
                payments(userId, PageRequest.of(null, null)));
    }

    public record UserSummary(String userId, CreditsView credits, SubscriptionView subscription,
                              Page<PaymentView> payments) {
    }

    /** A payment as its payer sees it: amounts in minor units with their currency. */
    public record PaymentView(String paymentId, Money amount, long amountRefunded, String status, String description,
                              String invoiceUrl, String invoicePdfUrl, String receiptUrl, Instant createdAt) {
        static PaymentView of(Payment p) {
            return new PaymentView(p.paymentId(), p.amount(), p.amountRefunded(), p.status().wireName(),
                    p.description(), p.invoiceUrl(), p.invoicePdfUrl(), p.receiptUrl(), p.createdAt());
        }
    }

    public record CreditsView(long balance, String planId, long allowance, Instant nextResetAt) {
    }

    public record PlanView(String id, String name, String description, Money monthlyPrice,
                           Money yearlyPrice, int chatsPerMonth, int pdfsPerChat,
                           long creditsPerMonth, List<String> features) {
        static PlanView of(Plan plan) {
            return new PlanView(plan.id(), plan.name(), plan.description(), plan.monthlyPrice(), plan.yearlyPrice(),
                    plan.chatsPerMonth(), plan.pdfsPerChat(), plan.creditsPerMonth(), plan.features());
        }
    }

    public record LedgerEntryView(String id, String type, long delta, String description, String reference,
                                  Map<String, String> metadata, Instant createdAt) {
        /** The user's view: which backend role asked is ours to know, not theirs. */
        static LedgerEntryView of(LedgerEntry entry) {
            Map<String, String> metadata = new LinkedHashMap<>(entry.metadata());
            metadata.remove(ConsumeRequest.CALLER);
            return new LedgerEntryView(entry.entryId(), entry.type().name().toLowerCase(Locale.ROOT),
                    entry.delta(), entry.description(), entry.reference(), metadata, entry.createdAt());
        }
    }

    public record SubscriptionView(String id, String status, String planId, String billingCycle,
                                   Instant currentPeriodStart, Instant currentPeriodEnd, boolean cancelAtPeriodEnd,
                                   PlanView plan) {
        static SubscriptionView of(Subscription s, PlanView plan) {
            return new SubscriptionView(s.subscriptionId(), s.status().wireName(), s.planId(),
                    s.billingCycle() == null ? null : s.billingCycle().wireName(), s.currentPeriodStart(),
                    s.currentPeriodEnd(), s.cancelAtPeriodEnd(), plan);
        }
    }
}
