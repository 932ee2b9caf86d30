package dev.aibilling.domain.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aibilling.domain.events.DomainEvent;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreditsLowDetectorTest {
    private static final Instant PERIOD = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant NEXT = Instant.parse("2026-12-01T00:00:00Z");
    private final CreditsLowDetector detector = new CreditsLowDetector(10);

    @ParameterizedTest(name = "{0} -> {1} of {2}: crossed {3}")
    @CsvSource({
            "99, 9, 1000, false",
            "100, 99, 1000, true",
            "101, 100, 1000, false",
            "100, 100, 1000, false",
            "5, 4, 1000, false",
            "0, 1000, 1000, false",
            "12, 9, 0, true",
            "10, 9, 100, true",
            "11, 10, 100, false"})
    void aWarningIsDueOnlyWhenTheBalanceCrossesBelowTheThreshold(long before, long after, long allowance,
                                                                 boolean crossed) {
        Optional<DomainEvent.CreditsLow> low = detector.crossing(new CreditsLowDetector.BalanceMove("u1", before,
                after, allowance, PERIOD, NEXT), NEXT);

        assertEquals(crossed, low.isPresent());
    }

    @Test
    void theEventIdNamesThePeriodSoAUserIsToldOncePerPeriod() {
        DomainEvent.CreditsLow first = detector.crossing(new CreditsLowDetector.BalanceMove("u1", 120, 80, 1000,
                PERIOD, NEXT), NEXT).orElseThrow();
        DomainEvent.CreditsLow again = detector.crossing(new CreditsLowDetector.BalanceMove("u1", 150, 50, 1000,
                PERIOD, NEXT), NEXT).orElseThrow();
        DomainEvent.CreditsLow nextPeriod = detector.crossing(new CreditsLowDetector.BalanceMove("u1", 150, 50, 1000,
                NEXT, NEXT.plusSeconds(86_400 * 30L)), NEXT).orElseThrow();
        DomainEvent.CreditsLow signup = detector.crossing(new CreditsLowDetector.BalanceMove("u1", 10, 9, 0, null,
                NEXT), NEXT).orElseThrow();

        assertEquals(first.id(), again.id());
        assertTrue(!first.id().equals(nextPeriod.id()));
        assertEquals("credits-low:u1:signup", signup.id());
        assertEquals(100, first.threshold());
        assertEquals(10, signup.threshold(), "before a first period, a share of the signup credits");
    }
}
