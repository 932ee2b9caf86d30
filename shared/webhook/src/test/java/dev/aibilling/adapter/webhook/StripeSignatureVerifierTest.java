package dev.aibilling.adapter.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header's limits, exactly at their values: 4096 characters, 16 v1 signatures tried. */
class StripeSignatureVerifierTest {
    private static final String SECRET = "whsec_test";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final byte[] PAYLOAD = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    private static final String WRONG = "v1=" + "0".repeat(64);

    private final StripeSignatureVerifier verifier =
            new StripeSignatureVerifier(List.of(SECRET), Clock.fixed(NOW, ZoneOffset.UTC));
    private final String valid = StripeSignatureVerifier.sign(SECRET, NOW.getEpochSecond(), PAYLOAD);

    @Test
    void aHeaderOf4096CharactersIsReadAndOneLongerIsRefused() {
        String longest = padded(valid, 4096);
        verifier.verify(longest, PAYLOAD);
        assertRefused(longest + "x", "Stripe-Signature header is too long");
    }

    @Test
    void sixteenSignaturesAreTriedAndASeventeenthIsNot() {
        verifier.verify(String.join(",", "t=" + NOW.getEpochSecond(), wrong(15), v1(valid)), PAYLOAD);
        assertRefused(String.join(",", "t=" + NOW.getEpochSecond(), wrong(16), v1(valid)),
                "No Stripe-Signature matches the payload");
    }

    @Test
    void aPartWithoutANameIsSkippedLikeAnUnknownOne() {
        verifier.verify("=x," + valid + ",v0=abc", PAYLOAD);
    }

    private static String wrong(int count) {
        return String.join(",", Collections.nCopies(count, WRONG));
    }

    private static String v1(String header) {
        return header.substring(header.indexOf("v1="));
    }

    /** {@code header} with an unknown part appended to make it {@code length} characters. */
    private static String padded(String header, int length) {
        String padding = ",x=";
        return header + padding + "a".repeat(length - header.length() - padding.length());
    }

    private void assertRefused(String header, String message) {
        BillingException refusal = assertThrows(BillingException.class, () -> verifier.verify(header, PAYLOAD));
        assertEquals(ErrorCode.INVALID_SIGNATURE, refusal.code());
        assertEquals(message, refusal.getMessage());
    }
}
