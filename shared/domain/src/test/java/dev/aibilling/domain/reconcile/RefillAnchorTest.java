package dev.aibilling.domain.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The refill rule's calendar: month k of a cycle starts at anchor + k months, counted from the anchor every time. */
class RefillAnchorTest {

    @ParameterizedTest(name = "anchor {0}, month {1}: {2}")
    @CsvSource({
            "2027-01-31T09:00:00Z, 1, 2027-02-28T09:00:00Z",
            "2027-01-31T09:00:00Z, 2, 2027-03-31T09:00:00Z",
            "2027-01-31T09:00:00Z, 3, 2027-04-30T09:00:00Z",
            "2027-01-31T09:00:00Z, 13, 2028-02-29T09:00:00Z",
            "2027-01-30T00:00:00Z, 1, 2027-02-28T00:00:00Z",
            "2027-01-29T00:00:00Z, 1, 2027-02-28T00:00:00Z",
            "2028-01-29T00:00:00Z, 1, 2028-02-29T00:00:00Z",
            "2027-03-15T23:59:59Z, 10, 2028-01-15T23:59:59Z"})
    void aMonthStartsOnTheAnchorsDayOrTheMonthsLast(String anchor, int k, String start) {
        assertEquals(Instant.parse(start), MonthlyRefills.plusMonths(Instant.parse(anchor), k));
    }

    @ParameterizedTest(name = "anchor {0}, at {1}: month {2}")
    @CsvSource({
            "2027-01-31T09:00:00Z, 2027-01-31T09:00:00Z, 0",
            "2027-01-31T09:00:00Z, 2027-02-28T08:59:59Z, 0",
            "2027-01-31T09:00:00Z, 2027-02-28T09:00:00Z, 1",
            "2027-01-31T09:00:00Z, 2027-03-30T12:00:00Z, 1",
            "2027-01-31T09:00:00Z, 2027-03-31T09:00:00Z, 2",
            "2027-01-31T09:00:00Z, 2028-02-29T09:00:00Z, 13",
            "2027-01-15T00:00:00Z, 2029-01-14T23:59:59Z, 23"})
    void theCurrentMonthIsTheLastAnchorDateReached(String anchor, String now, int k) {
        assertEquals(k, MonthlyRefills.monthsSince(Instant.parse(anchor), Instant.parse(now)));
    }
}
