package dev.aibilling.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local stand-in for the JWT authorizer: tokens are HS256-signed with a key made at
 * start-up (so they die with the runtime), issued by a dev-only endpoint, and checked
 * for signature, issuer, audience and expiry like API Gateway checks real ones.
 */
final class LocalJwt {
    static final String ISSUER = "local-billing";
    static final String AUDIENCE = "local-billing-app";
    private static final Duration LIFETIME = Duration.ofHours(12);

    private final byte[] key = new byte[32];
    private final String groupClaim;
    private final String adminGroup;

    /** Admin tokens list {@code adminGroup} in the {@code groupClaim} claim, as the template configures the admin routes. */
    LocalJwt(String groupClaim, String adminGroup) {
        this.groupClaim = groupClaim;
        this.adminGroup = adminGroup;
        new SecureRandom().nextBytes(key);
    }

    String issue(String subject, boolean admin) {
        JsonObject claims = new JsonObject();
        claims.addProperty("sub", subject);
        // as an identity provider's ID token carries it: where the billing emails go
        claims.addProperty("email", subject + "@example.com");
        claims.addProperty("iss", ISSUER);
        claims.addProperty("aud", AUDIENCE);
        long now = Instant.now().getEpochSecond();
        claims.addProperty("iat", now);
        claims.addProperty("exp", now + LIFETIME.toSeconds());
        if (admin) {
            JsonArray groups = new JsonArray();
            groups.add(adminGroup);
            claims.add(groupClaim, groups);
        }
        String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claims.toString());
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(signingInput));
    }

    /** The claims as API Gateway passes them to a function (every value a string), or empty if invalid. */
    Optional<Map<String, String>> verify(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
                return Optional.empty();
            }
            JsonObject claims = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            if (!ISSUER.equals(string(claims, "iss")) || !AUDIENCE.equals(string(claims, "aud"))
                    || claims.get("exp") == null || claims.get("exp").getAsLong() < Instant.now().getEpochSecond()) {
                return Optional.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> claim : claims.entrySet()) {
                JsonElement value = claim.getValue();
                // API Gateway renders array claims as "[a b]"
                values.put(claim.getKey(), value.isJsonArray()
                        ? "[" + String.join(" ", value.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList()) + "]"
                        : value.getAsString());
            }
            return Optional.of(values);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String string(JsonObject claims, String name) {
        JsonElement value = claims.get(name);
        return value == null || !value.isJsonPrimitive() ? null : value.getAsString();
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
