package dev.aibilling.domain.limits;

import dev.aibilling.domain.error.BillingException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The documented input limits (README, "Limits"). Identifiers become parts of DynamoDB
 * keys, so their charset excludes the '#' key separator and anything unprintable. Free
 * text is well-formed Unicode without control, format (bidi overrides, zero-width) or
 * private-use characters: what is stored is what a person reads, and no two different
 * inputs are stored alike.
 */
public final class Limits {
    /** Largest amount one consume may take; a typo of extra zeros fails loudly instead of draining an account. */
    public static final long MAX_CONSUME_AMOUNT = 1_000_000;
    /** Largest support grant or negative adjustment, either way. */
    public static final long MAX_ADJUSTMENT_AMOUNT = 1_000_000;
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
    public static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");

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

    /** An address to mail: at most 254 characters, one @ with something on each side, no spaces or controls. */
    public static String email(String value) {
        if (value == null || value.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(value).matches()) {
            throw BillingException.invalid("email must be an address like name@example.com, at most "
                    + MAX_EMAIL_LENGTH + " characters");
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

    public static long adjustmentAmount(long value) {
        if (value == 0 || Math.abs(value) > MAX_ADJUSTMENT_AMOUNT) {
            throw BillingException.invalid("amount must be a non-zero integer from -" + MAX_ADJUSTMENT_AMOUNT
                    + " to " + MAX_ADJUSTMENT_AMOUNT);
        }
        return value;
    }

    public static String description(String value) {
        return text("description", value, MAX_DESCRIPTION_LENGTH);
    }

    /** Free text a person reads: 1 to {@code maxLength} characters, printable, not blank. */
    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank() || !printable(value, maxLength)) {
            throw BillingException.invalid(field + " must be 1-" + maxLength + " printable characters");
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
            if (entry == null || !printable(entry, MAX_METADATA_VALUE_LENGTH)) {
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

    /**
     * At most {@code maxLength} characters (code points), each assigned and printable: no
     * unpaired surrogate, control, format or private-use character.
     */
    private static boolean printable(String value, int maxLength) {
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            switch (Character.getType(codePoint)) {
                case Character.SURROGATE, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                     Character.UNASSIGNED -> {
                    return false;
                }
                default -> {
                    // printable
                }
            }
            if (++count > maxLength) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
