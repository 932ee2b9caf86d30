package dev.aibilling.domain.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fingerprint stored with an idempotency key: equal requests match, any other parameter does not. */
class ConsumeRequestTest {
    private static final ConsumeRequest BASE = new ConsumeRequest("user-1", 5, "key-1", "AI Chat", Map.of("model", "gpt-4"), "test-backend");

    @Test
    void theSameParametersInAnyMetadataOrderHaveOneFingerprint() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("model", "gpt-4");
        a.put("tokens", "900");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("tokens", "900");
        b.put("model", "gpt-4");

        assertEquals(new ConsumeRequest("u", 5, "k", "d", a, "test-backend").fingerprint(),
                new ConsumeRequest("u", 5, "k", "d", b, "test-backend").fingerprint());
    }

    @Test
    void everyParameterTakesPartInTheFingerprint() {
        String base = BASE.fingerprint();
        assertNotEquals(base, new ConsumeRequest("user-2", 5, "key-1", "AI Chat", Map.of("model", "gpt-4"), "test-backend").fingerprint());
        assertNotEquals(base, new ConsumeRequest("user-1", 6, "key-1", "AI Chat", Map.of("model", "gpt-4"), "test-backend").fingerprint());
        assertNotEquals(base, new ConsumeRequest("user-1", 5, "key-1", "AI Chat 2", Map.of("model", "gpt-4"), "test-backend").fingerprint());
        assertNotEquals(base, new ConsumeRequest("user-1", 5, "key-1", "AI Chat", Map.of("model", "gpt-5"), "test-backend").fingerprint());
        assertNotEquals(base, new ConsumeRequest("user-1", 5, "key-1", "AI Chat", Map.of(), "test-backend").fingerprint());
        assertNotEquals(base, new ConsumeRequest("user-1", 5, "key-1", "AI Chat", Map.of("engine", "gpt-4"), "test-backend").fingerprint());
    }
}
