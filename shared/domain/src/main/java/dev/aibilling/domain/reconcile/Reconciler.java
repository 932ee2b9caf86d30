package dev.aibilling.domain.reconcile;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.events.DomainEventPublisher;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.subscriptions.Subscription;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One reconciliation run, in the order that lets each step see the last one's result:
 * replay the provider events the webhook missed; compare a page of live subscriptions
 * with the provider; refill every account that is due; audit a page of the accounts refilled
 * and the next page of the sweep. Every step stops at the deadline and leaves the rest to the next
 * run, so a backlog never makes a run time out. The report is published as a domain event.
 */
public final class Reconciler {
    static final int REFILL_PAGE = 100;
    static final int DRIFT_PAGE = 50;
    static final int AUDIT_PAGE = 100;
    /** Of the time left at each step, in percent: events, then drift, then refills; the audit has the rest. */
    static final int EVENTS_SHARE = 40;
    static final int DRIFT_SHARE = 15;
    static final int REFILLS_SHARE = 85;

    private final MissedEvents missedEvents;
    private final SubscriptionDrift drift;
    private final LiveSubscriptions live;
    private final MonthlyRefills refills;
    private final RefillSchedule schedule;
    private final BalanceAudit audit;
    private final AccountSweep sweep;
    private final ReconcileStateStore states;
    private final DomainEventPublisher publisher;
    private final Clock clock;

    public Reconciler(MissedEvents missedEvents, SubscriptionDrift drift, LiveSubscriptions live,
                      MonthlyRefills refills, RefillSchedule schedule, BalanceAudit audit, AccountSweep sweep,
                      ReconcileStateStore states, DomainEventPublisher publisher, Clock clock) {
        this.missedEvents = missedEvents;
        this.drift = drift;
        this.live = live;
        this.refills = refills;
        this.schedule = schedule;
        this.audit = audit;
        this.sweep = sweep;
        this.states = states;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** The run's report, and what went wrong on the way (for the log; the next run tries again). */
    public record Result(DomainEvent.ReconciliationCompleted report, List<String> problems) {
    }

    public Result run(Instant deadline) {
        Instant started = now();
        Budget budget = new Budget(clock, deadline);
        // shares of the time left, so that a backlog of one kind never starves the others
        MissedEvents.Replay replay = missedEvents.replay(started, budget.share(EVENTS_SHARE));
        Tally tally = new Tally();
        checkDrift(budget.share(DRIFT_SHARE), tally);
        Set<String> refilled = refill(budget.share(REFILLS_SHARE), tally);
        auditAccounts(refilled, budget, tally);
        boolean complete = replay.complete() && tally.refillsDone && !budget.exhausted() && tally.refillsFailed == 0;
        DomainEvent.ReconciliationCompleted report = new DomainEvent.ReconciliationCompleted(
                "reconciliation-completed:" + started.toEpochMilli(), now(), started, tally.refills,
                tally.refillsFailed, replay.applied(), replay.duplicates(), replay.foreign(), replay.failedEventId(),
                replay.checkpoint(), replay.checkpointStale(), tally.audited, tally.violations, tally.checked,
                tally.corrected, complete);
        publisher.publish(List.of(report));
        return new Result(report, List.copyOf(tally.problems));
    }

    private void checkDrift(Budget budget, Tally tally) {
        ReconcileState state = states.load();
        Page<Subscription> page = live.next(state.driftCursor(), DRIFT_PAGE);
        List<DomainEvent> published = new ArrayList<>();
        String cursor = state.driftCursor();
        for (Subscription subscription : page.items()) {
            if (budget.exhausted()) {
                break;
            }
            try {
                if (drift.check(subscription, published) != null) {
                    tally.corrected++;
                }
                tally.checked++;
            } catch (BillingException e) {
                if (e.code() == ErrorCode.PAYMENT_PROVIDER_RATE_LIMITED) {
                    tally.problem("drift check stopped: Stripe rate-limited us");
                    break;
                }
                tally.driftFailed++;
                tally.problem("drift check of " + subscription.subscriptionId() + " failed: " + e.getMessage());
            } catch (RuntimeException e) {
                tally.driftFailed++;
                tally.problem("drift check of " + subscription.subscriptionId() + " failed: " + e);
            }
        }
        if (tally.checked + tally.driftFailed == page.items().size()) {
            cursor = page.nextCursor();
        }
        publish(published);
        states.save(states.load().withDriftCursor(cursor));
    }

    private Set<String> refill(Budget budget, Tally tally) {
        Set<String> refilled = new LinkedHashSet<>();
        Instant now = now();
        String cursor = null;
        do {
            Page<String> due = schedule.due(now, cursor, REFILL_PAGE);
            List<DomainEvent> published = new ArrayList<>();
            for (String userId : due.items()) {
                if (budget.exhausted()) {
                    publish(published);
                    tally.refillsDone = false;
                    return refilled;
                }
                try {
                    if (refills.refill(userId, now, published) == MonthlyRefills.Outcome.REFILLED) {
                        tally.refills++;
                        refilled.add(userId);
                    }
                } catch (RuntimeException e) {
                    // still due: the next run tries it again
                    tally.refillsFailed++;
                    tally.problem("refill of " + userId + " failed: " + e);
                }
            }
            publish(published);
            cursor = due.nextCursor();
        } while (cursor != null && !budget.exhausted());
        tally.refillsDone = cursor == null;
        return refilled;
    }

    private void auditAccounts(Set<String> refilled, Budget budget, Tally tally) {
        ReconcileState state = states.load();
        Page<String> page = sweep.next(state.auditCursor(), AUDIT_PAGE);
        // a sample of what this run changed, and the sweep's next page: bounded whatever the backlog
        Set<String> accounts = new LinkedHashSet<>(refilled.stream().limit(AUDIT_PAGE).toList());
        accounts.addAll(page.items());
        List<DomainEvent> published = new ArrayList<>();
        for (String userId : accounts) {
            if (budget.exhausted()) {
                break;
            }
            BalanceAudit.Outcome outcome = audit.check(userId, now(), published);
            if (outcome != BalanceAudit.Outcome.BUSY) {
                tally.audited++;
            }
            if (outcome == BalanceAudit.Outcome.VIOLATED) {
                tally.violations++;
            }
        }
        publish(published);
        if (!budget.exhausted()) {
            states.save(states.load().withAuditCursor(page.nextCursor()));
        }
    }

    private void publish(List<DomainEvent> events) {
        if (!events.isEmpty()) {
            publisher.publish(events);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static final class Tally {
        /** Enough to diagnose from one log line; the counts say how many there were. */
        private static final int MAX_PROBLEMS = 20;
        final List<String> problems = new ArrayList<>();

        long refills;
        long refillsFailed;
        long checked;
        long corrected;
        long driftFailed;
        long audited;
        long violations;
        boolean refillsDone = true;

        void problem(String problem) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(problem);
            }
        }
    }
}
