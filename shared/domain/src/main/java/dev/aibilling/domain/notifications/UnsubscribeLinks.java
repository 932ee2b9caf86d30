package dev.aibilling.domain.notifications;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Links that turn one optional kind off for one user without signing in: the user and
 * kind, and an HMAC-SHA256 of both under a secret only the service holds, so a link
 * cannot be forged for another user or another kind. Checked in constant time.
 */
public final class UnsubscribeLinks {
    /** Shorter secrets are refused: the link's only protection is that no one can guess it. */
    static final int MIN_SECRET_LENGTH = 32;

    private final Supplier<String> secret;
    private final String baseUrl;

    /**
     * {@code secret}: read when a link is first made or checked (in Lambda, from Secrets
     * Manager); {@code baseUrl}: the API's, the route is /api/notifications/unsubscribe.
     */
    public UnsubscribeLinks(Supplier<String> secret, String baseUrl) {
        this.secret = secret;
        this.baseUrl = baseUrl;
    }

    public String link(String userId, NotificationKind kind) {
        return baseUrl + "/api/notifications/unsubscribe?user=" + URLEncoder.encode(userId, StandardCharsets.UTF_8)
                + "&kind=" + kind.wireName() + "&token=" + token(userId, kind);
    }

    public boolean valid(String userId, NotificationKind kind, String token) {
        return token != null && MessageDigest.isEqual(token(userId, kind).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private String token(String userId, NotificationKind kind) {
        try {
            String key = secret.get();
            if (key == null || key.length() < MIN_SECRET_LENGTH) {
                throw new IllegalStateException("The unsubscribe secret must have at least " + MIN_SECRET_LENGTH
                        + " characters");
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((userId + "\n" + kind.wireName()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
