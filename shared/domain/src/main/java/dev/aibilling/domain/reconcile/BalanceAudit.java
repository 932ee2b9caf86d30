package dev.aibilling.domain.reconcile;

import dev.aibilling.domain.credits.CreditStore;
import dev.aibilling.domain.credits.LedgerTotals;
import dev.aibilling.domain.events.DomainEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checks the ledger's invariants on an account: balance == sum of its entries, balance >= 0.
 * A violation is reported (a domain event, and the run's log line and metric), never
 * rewritten: the ledger is the evidence, and only a person should decide what a wrong
 * balance should have been.
 */
public final class BalanceAudit {
    public enum Outcome {
        HOLDS,
        VIOLATED,
        /** The account changed while it was read; it is checked again on a later run. */
        BUSY
    }

    private final CreditStore store;

    public BalanceAudit(CreditStore store) {
        this.store = store;
    }

    public Outcome check(String userId, Instant now, List<DomainEvent> published) {
        Optional<LedgerTotals> totals = store.totals(userId);
        if (totals.isEmpty()) {
            return Outcome.BUSY;
        }
        LedgerTotals t = totals.get();
        if (t.holds()) {
            return Outcome.HOLDS;
        }
        published.add(new DomainEvent.LedgerDiscrepancyFound("ledger-discrepancy:" + userId + ":" + t.balance() + ":"
                + t.ledgerSum(), userId, now, t.balance(), t.ledgerSum(), t.entries()));
        return Outcome.VIOLATED;
    }
}
