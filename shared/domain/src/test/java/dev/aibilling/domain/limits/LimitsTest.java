package dev.aibilling.domain.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every documented limit, exactly at its value (accepted, returned unchanged) and one past it (a 400). */
class LimitsTest {

    @Test
    void consumeAmountsRunFromOneToAMillion() {
        assertEquals(1, Limits.consumeAmount(1));
        assertEquals(1_000_000, Limits.consumeAmount(1_000_000));
        assertRefused(() -> Limits.consumeAmount(0));
        assertRefused(() -> Limits.consumeAmount(-1));
        assertRefused(() -> Limits.consumeAmount(1_000_001));
    }

    @Test
    void adjustmentsRunFromMinusAMillionToAMillionExceptZero() {
        assertEquals(-1_000_000, Limits.adjustmentAmount(-1_000_000));
        assertEquals(1_000_000, Limits.adjustmentAmount(1_000_000));
        assertEquals(-1, Limits.adjustmentAmount(-1));
        assertEquals(1, Limits.adjustmentAmount(1));
        assertRefused(() -> Limits.adjustmentAmount(0));
        assertRefused(() -> Limits.adjustmentAmount(1_000_001));
        assertRefused(() -> Limits.adjustmentAmount(-1_000_001));
    }

    @Test
    void anEmailIsAtMost254CharactersWithOneAtAndADottedDomain() {
        String longest = "a".repeat(254 - "@example.com".length()) + "@example.com";
        assertEquals(254, longest.length());
        assertEquals(longest, Limits.email(longest));
        assertEquals("ada@example.com", Limits.email("ada@example.com"));
        assertRefused(() -> Limits.email("a" + longest));
        assertRefused(() -> Limits.email(null));
        assertRefused(() -> Limits.email("ada.example.com"));
        assertRefused(() -> Limits.email("ada@@example.com"));
        assertRefused(() -> Limits.email("ada@example"));
        assertRefused(() -> Limits.email("ada lovelace@example.com"));
        assertRefused(() -> Limits.email("ada@example.com\n"));
        assertRefused(() -> Limits.email("@example.com"));
    }

    @Test
    void anIdempotencyKeyIsOneTo255KeyCharacters() {
        String longest = "k".repeat(255);
        assertEquals(longest, Limits.idempotencyKey(longest));
        assertEquals("a.b_c:d-9", Limits.idempotencyKey("a.b_c:d-9"));
        assertRefused(() -> Limits.idempotencyKey(longest + "k"));
        assertRefused(() -> Limits.idempotencyKey(""));
        assertRefused(() -> Limits.idempotencyKey(null));
        assertRefused(() -> Limits.idempotencyKey("a#b"));
    }

    @Test
    void aUserIdIsOneTo128IdCharacters() {
        String longest = "u".repeat(128);
        assertEquals(longest, Limits.userId(longest));
        assertEquals("auth0|ada+1@x.y:z-_", Limits.userId("auth0|ada+1@x.y:z-_"));
        assertRefused(() -> Limits.userId(longest + "u"));
        assertRefused(() -> Limits.userId(null));
        assertRefused(() -> Limits.userId("user#1"));
    }

    @Test
    void aDescriptionIsOneTo200PrintableCodePoints() {
        String longest = "d".repeat(200);
        assertEquals(longest, Limits.description(longest));
        // 200 code points that take 400 chars: the limit counts what a person reads
        String astral = "\uD83D\uDE00".repeat(200);
        assertEquals(astral, Limits.description(astral));
        assertRefused(() -> Limits.description(longest + "d"));
        assertRefused(() -> Limits.description(""));
        assertRefused(() -> Limits.description("   "));
        assertRefused(() -> Limits.description(null));
    }

    @Test
    void textThatIsNotWellFormedOrPrintableIsRefused() {
        assertEquals("Grüße, 世界", Limits.text("reason", "Grüße, 世界", 20));
        for (String bad : new String[] {"\uD800", "a\uDC00b", "tab\tin", "bell\u0007", "rtl\u202Eoverride",
                "zero\u200Bwidth", "private\uE000use", "unassigned\u0378"}) {
            assertRefused(() -> Limits.text("reason", bad, 20));
        }
    }

    @Test
    void metadataHoldsUpTo20EntriesOf64CharacterKeysAnd500CharacterValues() {
        Map<String, String> largest = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            largest.put(String.format("%02d", i) + "k".repeat(62), "v".repeat(500));
        }
        assertEquals(largest, Limits.metadata(largest));

        Map<String, String> tooMany = new LinkedHashMap<>(largest);
        tooMany.put("one-more", "v");
        assertRefused(() -> Limits.metadata(tooMany));
        assertRefused(() -> Limits.metadata(Map.of("k".repeat(65), "v")));
        assertRefused(() -> Limits.metadata(Map.of("k", "v".repeat(501))));
        assertRefused(() -> Limits.metadata(Map.of("k#1", "v")));
        assertRefused(() -> Limits.metadata(Map.of("k", "line\nbreak")));
    }

    @Test
    void aPageHoldsOneTo100EntriesAnd20ByDefault() {
        assertEquals(20, Limits.pageSize(null));
        assertEquals(1, Limits.pageSize("1"));
        assertEquals(100, Limits.pageSize("100"));
        assertRefused(() -> Limits.pageSize("0"));
        assertRefused(() -> Limits.pageSize("101"));
        assertRefused(() -> Limits.pageSize("ten"));
        assertRefused(() -> Limits.pageSize(""));
    }

    private static void assertRefused(Supplier<?> call) {
        BillingException refusal = assertThrows(BillingException.class, call::get);
        assertEquals(ErrorCode.INVALID_REQUEST, refusal.code());
    }
}
