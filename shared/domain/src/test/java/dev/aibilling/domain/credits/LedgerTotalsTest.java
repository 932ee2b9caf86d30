package dev.aibilling.domain.credits;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The audit's verdict: the balance is the sum of the ledger and not negative, both or it fails. */
class LedgerTotalsTest {

    @Test
    void aBalanceEqualToItsLedgerHolds() {
        assertTrue(new LedgerTotals("u", 960, 960, 2).holds());
        assertTrue(new LedgerTotals("u", 0, 0, 3).holds());
    }

    @Test
    void aBalanceOffItsLedgerByOneEitherWayFails() {
        assertFalse(new LedgerTotals("u", 961, 960, 2).holds());
        assertFalse(new LedgerTotals("u", 959, 960, 2).holds());
    }

    @Test
    void aNegativeBalanceFailsEvenWhenItsLedgerAgrees() {
        assertFalse(new LedgerTotals("u", -1, -1, 2).holds());
    }
}
