package dev.aibilling.domain.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A credit period: named so every signal about it agrees, never empty in time, never a negative allowance. */
class PeriodResetTest {
    private static final Instant START = Instant.parse("2027-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2027-02-01T00:00:00Z");

    @Test
    void aPeriodIsNamedByItsSourceAndItsStartInEpochSeconds() {
        assertEquals("sub_1@1798761600", PeriodReset.grantKey("sub_1", START));
        assertEquals("free@1798761600", PeriodReset.grantKey(PeriodReset.FREE_SOURCE, START));
    }

    @Test
    void aZeroAllowanceIsAPeriodAndANegativeOneIsNot() {
        assertEquals(0, reset(0, START, END).allowance());
        assertThrows(IllegalArgumentException.class, () -> reset(-1, START, END));
    }

    @Test
    void aPeriodEndsAfterItStarts() {
        assertThrows(IllegalArgumentException.class, () -> reset(100, START, START));
        assertThrows(IllegalArgumentException.class, () -> reset(100, END, START));
    }

    private static PeriodReset reset(long allowance, Instant start, Instant end) {
        return new PeriodReset("user-1", "pro", allowance, start, end, PeriodReset.grantKey("sub_1", start), "sub_1",
                PeriodReset.NextReset.BY_INVOICE);
    }
}
