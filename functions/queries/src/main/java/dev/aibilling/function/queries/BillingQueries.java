package dev.aibilling.function.queries;

import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.domain.credits.Account;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.LedgerEntry;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStore;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.plans.Money;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The answers of the read routes, shaped for the client. */
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

    public static BillingQueries of(DynamoDbStores stores, Clock clock) {
        return new BillingQueries(new CreditLedger(stores.credits(), clock),
                new CachedPlans(stores.plans(), clock, CachedPlans.DEFAULT_TTL), stores.subscriptions(),
                stores.payments());
    }

    /** Active plans, cheapest first, without Stripe price ids: checkout takes a plan id, never a price. */
    public Map<String, List<PlanView>> plans() {
        return Map.of("plans", plans.all().stream().filter(Plan::active)
                .sorted(Comparator.comparingLong(plan -> plan.monthlyPrice().amount()))
                .map(PlanView::of).toList());
    }

    public CreditsView credits(String userId) {
        Account account = ledger.account(userId);
        long allowance = findPlan(account.planId()).map(Plan::creditsPerMonth).orElse(0L);
        return new CreditsView(account.balance(), account.planId(), allowance, account.nextResetAt());
    }

    public Page<LedgerEntryView> usage(String userId, PageRequest page) {
        Page<LedgerEntry> entries = ledger.history(userId, page);
        return new Page<>(entries.items().stream().map(LedgerEntryView::of).toList(), entries.nextCursor());
    }

    public Map<String, SubscriptionView> subscription(String userId) {
        Optional<Subscription> subscription = subscriptions.find(userId);
        // a Map that may hold a null: the client reads {"subscription": null} when there is none
        Map<String, SubscriptionView> body = new HashMap<>();
        body.put("subscription", subscription.map(s -> SubscriptionView.of(s,
                findPlan(s.planId()).map(PlanView::of).orElse(null))).orElse(null));
        return body;
    }

    public Page<Payment> payments(String userId, PageRequest page) {
        return payments.list(userId, page);
    }

    private Optional<Plan> findPlan(String planId) {
        return plans.plan(planId);
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
        static LedgerEntryView of(LedgerEntry entry) {
            return new LedgerEntryView(entry.entryId(), entry.type().name().toLowerCase(Locale.ROOT),
                    entry.delta(), entry.description(), entry.reference(), entry.metadata(), entry.createdAt());
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
