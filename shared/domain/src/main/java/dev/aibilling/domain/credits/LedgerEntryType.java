package dev.aibilling.domain.credits;

public enum LedgerEntryType {
    /** The one-time welcome credits of a new account. */
    SIGNUP_GRANT,
    /** Credits drawn by an AI operation. */
    CONSUMPTION,
    /** The leftover balance removed when a billing period resets the balance. */
    PERIOD_EXPIRY,
    /** The plan allowance granted at the start of a billing period. */
    PERIOD_GRANT
}
