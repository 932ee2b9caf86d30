package dev.aibilling.domain.credits;

/** An account's balance and the sum of its ledger entries, read at one moment (no change between). */
public record LedgerTotals(String userId, long balance, long ledgerSum, int entries) {
    /** The ledger's two invariants: the balance is the sum of the entries, and it is not negative. */
    public boolean holds() {
        return balance == ledgerSum && balance >= 0;
    }
}
