package dev.aibilling.domain.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A change that would break "balance == sum of the ledger" or go below zero cannot be made at all. */
class BalanceChangeTest {
    private static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");
    private static final PeriodTerms TERMS = new PeriodTerms.Within(NOW);

    @Test
    void entriesThatSumToTheMoveMakeAChange() {
        BalanceChange change = new BalanceChange("u", 40, 1000, "grant:x",
                List.of(entry("u", -40), entry("u", 1000)), TERMS, NOW);

        assertEquals(960, change.entries().stream().mapToLong(LedgerEntry::delta).sum());
    }

    @Test
    void entriesThatDoNotSumToTheMoveAreRefused() {
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
                () -> new BalanceChange("u", 40, 1000, "grant:x", List.of(entry("u", 1000)), TERMS, NOW));
        assertEquals("Entries sum to 1000 but the balance moves by 960", refusal.getMessage());
    }

    @Test
    void aChangeToZeroIsAllowed() {
        assertEquals(0, new BalanceChange("u", 15, 0, "debit:x", List.of(entry("u", -15)), TERMS, NOW).newBalance());
    }

    @Test
    void aNegativeBalanceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BalanceChange("u", 10, -5, "debit:x",
                List.of(entry("u", -15)), TERMS, NOW));
    }

    @Test
    void anEntryOfAnotherUserOrOfZeroIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BalanceChange("u", 0, 5, "k",
                List.of(entry("v", 5)), TERMS, NOW));
        assertThrows(IllegalArgumentException.class, () -> new BalanceChange("u", 5, 5, "k",
                List.of(entry("u", 0)), TERMS, NOW));
    }

    private static LedgerEntry entry(String user, long delta) {
        return new LedgerEntry("e" + delta, user, LedgerEntryType.PERIOD_GRANT, delta, "d", "r", Map.of(), NOW);
    }
}
