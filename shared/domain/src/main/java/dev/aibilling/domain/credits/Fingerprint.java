package dev.aibilling.domain.credits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of a request's parameters, stored with its idempotency key: a replay must
 * match it exactly, anything else under the same key is a conflict. Each part is written
 * with its length, so no choice of values makes two different requests read alike.
 */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(List<String> parts, Map<String, String> metadata) {
        StringBuilder canonical = new StringBuilder();
        parts.forEach(part -> append(canonical, part));
        new TreeMap<>(metadata).forEach((key, value) -> {
            append(canonical, key);
            append(canonical, value);
        });
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void append(StringBuilder canonical, String part) {
        canonical.append(part.length()).append(':').append(part).append(';');
    }
}
