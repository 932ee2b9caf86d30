package dev.aibilling.domain.credits;

public enum LedgerEntryType {
    /** The one-time welcome credits of a new account. */
    SIGNUP_GRANT,
    /** Credits drawn by an AI operation. */
    CONSUMPTION,
    /** The leftover balance removed when a billing period resets the balance. */
    PERIOD_EXPIRY,
    /** The plan allowance granted at the start of a billing period. */
    PERIOD_GRANT,
    /** An upgrade within a period raises the balance to the new plan's allowance. */
    UPGRADE_GRANT,
    /** A fully refunded period invoice takes back what is left of that period's grant. */
    REFUND_CLAWBACK,
    /** A support grant or a negative adjustment by an admin. */
    ADMIN_ADJUSTMENT
}
