package dev.aibilling.domain.credits;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One atomic change of a balance the domain read: applied only if the balance is still
 * {@code expectedBalance}, the marker was never written and the period terms hold. The
 * entries say why the balance moves; that they sum to the move (balance == sum of the
 * ledger) and that the result is not negative is checked here, when the change is made,
 * not discovered later.
 *
 * @param markerKey names the effect (a period's grant, an upgrade, a claw-back), so that
 *                  it happens once however often it is triggered
 */
public record BalanceChange(String userId, long expectedBalance, long newBalance, String markerKey,
                            List<LedgerEntry> entries, PeriodTerms terms, Instant at) {
    public BalanceChange {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(markerKey, "markerKey");
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(at, "at");
        entries = List.copyOf(entries);
        if (newBalance < 0) {
            throw new IllegalArgumentException("A balance never goes below zero: " + newBalance);
        }
        long moved = entries.stream().mapToLong(LedgerEntry::delta).sum();
        if (moved != newBalance - expectedBalance) {
            throw new IllegalArgumentException("Entries sum to " + moved + " but the balance moves by "
                    + (newBalance - expectedBalance));
        }
        for (LedgerEntry entry : entries) {
            if (!entry.userId().equals(userId) || entry.delta() == 0) {
                throw new IllegalArgumentException("Entry " + entry.entryId() + " is not a move of " + userId);
            }
        }
    }
}
