package dev.aibilling.domain.reconcile;

import dev.aibilling.domain.credits.Account;
import dev.aibilling.domain.credits.ChangeOutcome;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.PeriodReset;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.subscriptions.Subscription;
import dev.aibilling.domain.subscriptions.SubscriptionStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The monthly refill of accounts no invoice resets: the Free plan, and each month inside a
 * yearly subscription. Month k of a cycle starts at anchor + k months (UTC), counted from
 * the anchor each time, so a cycle anchored on the 31st refills on the last day of shorter
 * months and on the 31st again after them. The anchor is the account's creation for Free
 * and the subscription's period start for yearly plans. A refill is a period reset with a
 * grant key per month, so it happens once however many runs overlap or retry.
 */
public final class MonthlyRefills {
    /** What a refill did for one due account. */
    public enum Outcome {
        REFILLED,
        /** Another run refilled this month already. */
        ALREADY_REFILLED,
        /** A later period was opened meanwhile (an invoice, or another run a month on). */
        SUPERSEDED,
        /** Not due after all: another run moved it on between the listing and the read. */
        NOT_DUE,
        /** A paid plan that its invoices reset (monthly, or a yearly one at its renewal): taken off the schedule. */
        UNSCHEDULED
    }

    private final CreditLedger ledger;
    private final SubscriptionStore subscriptions;
    private final CachedPlans plans;
    private final RefillSchedule schedule;

    public MonthlyRefills(CreditLedger ledger, SubscriptionStore subscriptions, CachedPlans plans,
                          RefillSchedule schedule) {
        this.ledger = ledger;
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.schedule = schedule;
    }

    public Outcome refill(String userId, Instant now, List<DomainEvent> published) {
        Account account = ledger.account(userId);
        if (account.nextResetAt() == null || account.nextResetAt().isAfter(now)) {
            return Outcome.NOT_DUE;
        }
        if (PlanCatalog.FREE.equals(account.planId())) {
            Instant anchor = account.createdAt();
            int k = monthsSince(anchor, now);
            // never back over the period that just ended (a paid one may end between anchors)
            Instant start = later(account.nextResetAt(), plusMonths(anchor, k));
            return grant(account, plan(PlanCatalog.FREE), start, plusMonths(anchor, k + 1), PeriodReset.FREE_SOURCE,
                    null, PeriodReset.NextReset.BY_SCHEDULE, now, published);
        }
        Optional<Subscription> yearly = subscriptions.find(userId).filter(s -> s.billingCycle() == BillingCycle.YEARLY
                && s.status().entitlesToPlan() && s.planId().equals(account.planId()));
        if (yearly.isPresent()) {
            Subscription subscription = yearly.get();
            Instant anchor = subscription.currentPeriodStart();
            int k = monthsSince(anchor, now);
            Instant start = plusMonths(anchor, k);
            if (start.isBefore(subscription.currentPeriodEnd())) {
                Instant end = earlier(plusMonths(anchor, k + 1), subscription.currentPeriodEnd());
                PeriodReset.NextReset next = end.isBefore(subscription.currentPeriodEnd())
                        ? PeriodReset.NextReset.BY_SCHEDULE : PeriodReset.NextReset.BY_INVOICE;
                return grant(account, plan(subscription.planId()), start, end, subscription.subscriptionId(),
                        subscription.subscriptionId(), next, now, published);
            }
            // the year is over: its renewal invoice opens the next period
        }
        schedule.unschedule(userId);
        return Outcome.UNSCHEDULED;
    }

    private Outcome grant(Account account, Plan plan, Instant start, Instant end, String source, String subscriptionId,
                          PeriodReset.NextReset next, Instant now, List<DomainEvent> published) {
        String userId = account.userId();
        String grantKey = PeriodReset.grantKey(source, start);
        ChangeOutcome outcome = ledger.resetForPeriod(new PeriodReset(userId, plan.id(), plan.creditsPerMonth(), start,
                end, grantKey, source, next), account);
        return switch (outcome) {
            case APPLIED -> {
                published.add(new DomainEvent.CreditsGranted("credits-granted:" + grantKey, userId, now,
                        subscriptionId, plan.id(), plan.creditsPerMonth(), start, end));
                yield Outcome.REFILLED;
            }
            case ALREADY_APPLIED -> Outcome.ALREADY_REFILLED;
            case SUPERSEDED, NOT_APPLICABLE -> Outcome.SUPERSEDED;
        };
    }

    private Plan plan(String planId) {
        return plans.plan(planId).orElseThrow(() -> new IllegalStateException(
                "Plan " + planId + " is not in the catalog; seed the plans"));
    }

    /** The largest k with anchor + k months at or before {@code now}. */
    static int monthsSince(Instant anchor, Instant now) {
        ZonedDateTime from = anchor.atZone(ZoneOffset.UTC);
        int k = (int) Math.max(0, ChronoUnit.MONTHS.between(from, now.atZone(ZoneOffset.UTC)));
        while (k > 0 && plusMonths(anchor, k).isAfter(now)) {
            k--;
        }
        while (!plusMonths(anchor, k + 1).isAfter(now)) {
            k++;
        }
        return k;
    }

    /** The anchor k months on, clamped to the month's last day (Jan 31 + 1 month = Feb 28). */
    static Instant plusMonths(Instant anchor, int k) {
        return anchor.atZone(ZoneOffset.UTC).plusMonths(k).toInstant();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
