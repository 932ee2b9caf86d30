package dev.aibilling.domain.limits;

import dev.aibilling.domain.error.BillingException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The documented input limits (README, "Limits"). Identifiers become parts of DynamoDB
 * keys, so their charset excludes the '#' key separator and anything unprintable.
 */
public final class Limits {
    /** Largest amount one consume may take; a typo of extra zeros fails loudly instead of draining an account. */
    public static final long MAX_CONSUME_AMOUNT = 1_000_000;
    public static final int MAX_USER_ID_LENGTH = 128;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    public static final int MAX_DESCRIPTION_LENGTH = 200;
    public static final int MAX_METADATA_ENTRIES = 20;
    public static final int MAX_METADATA_KEY_LENGTH = 64;
    public static final int MAX_METADATA_VALUE_LENGTH = 500;
    /** Largest request body any JSON route accepts, in bytes. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@|+-]{1," + MAX_USER_ID_LENGTH + "}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_IDEMPOTENCY_KEY_LENGTH + "}");
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_METADATA_KEY_LENGTH + "}");

    private Limits() {
    }

    public static String userId(String value) {
        if (value == null || !USER_ID.matcher(value).matches()) {
            throw BillingException.invalid("userId must be 1-" + MAX_USER_ID_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : @ | + -");
        }
        return value;
    }

    public static String idempotencyKey(String value) {
        if (value == null || !IDEMPOTENCY_KEY.matcher(value).matches()) {
            throw BillingException.invalid("idempotencyKey must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH
                    + " characters of A-Z a-z 0-9 . _ : -");
        }
        return value;
    }

    public static long consumeAmount(long value) {
        if (value < 1 || value > MAX_CONSUME_AMOUNT) {
            throw BillingException.invalid("amount must be an integer from 1 to " + MAX_CONSUME_AMOUNT);
        }
        return value;
    }

    public static String description(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_DESCRIPTION_LENGTH || hasControlCharacter(value)) {
            throw BillingException.invalid("description must be 1-" + MAX_DESCRIPTION_LENGTH
                    + " printable characters");
        }
        return value;
    }

    public static Map<String, String> metadata(Map<String, String> value) {
        if (value.size() > MAX_METADATA_ENTRIES) {
            throw BillingException.invalid("metadata may hold at most " + MAX_METADATA_ENTRIES + " entries");
        }
        value.forEach((key, entry) -> {
            if (!METADATA_KEY.matcher(key).matches()) {
                throw BillingException.invalid("metadata keys must be 1-" + MAX_METADATA_KEY_LENGTH
                        + " characters of A-Z a-z 0-9 . _ -");
            }
            if (entry.length() > MAX_METADATA_VALUE_LENGTH || hasControlCharacter(entry)) {
                throw BillingException.invalid("metadata values must be at most " + MAX_METADATA_VALUE_LENGTH
                        + " printable characters");
            }
        });
        return Map.copyOf(value);
    }

    public static int pageSize(String value) {
        if (value == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the same message as an out-of-range number
        }
        throw BillingException.invalid("limit must be an integer from 1 to " + MAX_PAGE_SIZE);
    }

    private static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }
}
