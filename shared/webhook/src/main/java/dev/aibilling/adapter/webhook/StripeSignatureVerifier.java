package dev.aibilling.adapter.webhook;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature scheme, without the 20 MB client library: header
 * {@code t=<unix seconds>,v1=<hex hmac>[,v1=...]}, HMAC-SHA256 with an endpoint secret over
 * {@code <t>.<raw body>}, compared in constant time against every v1 and every configured
 * secret (rotation), within a tolerance either side of now. Every malformed header is an
 * INVALID_SIGNATURE, never an exception of another kind.
 */
public final class StripeSignatureVerifier {
    public static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final int MAX_HEADER_LENGTH = 4096;
    private static final int MAX_SIGNATURES = 16;
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<byte[]> secrets;
    private final Clock clock;

    public StripeSignatureVerifier(List<String> secrets, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalStateException("At least one webhook signing secret is required");
        }
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.clock = clock;
    }

    public void verify(String header, byte[] payload) {
        if (header == null || header.isBlank()) {
            throw invalid("Missing Stripe-Signature header");
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw invalid("Stripe-Signature header is too long");
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                // as Stripe's own libraries parse it: empty and unknown parts are skipped
                continue;
            }
            String key = part.substring(0, equals).trim();
            String value = part.substring(equals + 1).trim();
            if (key.equals("t")) {
                if (timestamp != null || !TIMESTAMP.matcher(value).matches()) {
                    throw invalid("Malformed Stripe-Signature timestamp");
                }
                timestamp = value;
            } else if (key.equals("v1") && SIGNATURE.matcher(value).matches() && signatures.size() < MAX_SIGNATURES) {
                signatures.add(HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT)));
            }
        }
        if (timestamp == null) {
            throw invalid("Stripe-Signature header has no timestamp");
        }
        if (signatures.isEmpty()) {
            throw invalid("Stripe-Signature header has no v1 signature");
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
        if (Math.abs(age) > TOLERANCE.toSeconds()) {
            throw invalid("Stripe-Signature timestamp is outside the " + TOLERANCE.toSeconds() + " s tolerance");
        }
        byte[] signedPayload = signedPayload(timestamp, payload);
        for (byte[] secret : secrets) {
            byte[] expected = hmac(secret, signedPayload);
            for (byte[] signature : signatures) {
                if (MessageDigest.isEqual(expected, signature)) {
                    return;
                }
            }
        }
        throw invalid("No Stripe-Signature matches the payload");
    }

    /** The header Stripe would send for this payload at time {@code timestamp}; for tests and the local stand-in. */
    public static String sign(String secret, long timestamp, byte[] payload) {
        byte[] mac = hmac(secret.getBytes(StandardCharsets.UTF_8), signedPayload(Long.toString(timestamp), payload));
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac);
    }

    private static byte[] signedPayload(String timestamp, byte[] payload) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(payload, 0, signed, prefix.length, payload.length);
        return signed;
    }

    private static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static BillingException invalid(String message) {
        return new BillingException(ErrorCode.INVALID_SIGNATURE, message);
    }
}
