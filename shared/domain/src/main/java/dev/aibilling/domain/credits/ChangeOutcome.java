package dev.aibilling.domain.credits;

/** What a reset, top-up or claw-back did. */
public enum ChangeOutcome {
    /** The balance changed, with its entries. */
    APPLIED,
    /** This effect happened before (its marker exists): nothing changed. */
    ALREADY_APPLIED,
    /** A later period was applied already, or the period changed (signals arrive out of order): nothing changed. */
    SUPERSEDED,
    /** The account's state calls for no change (e.g. a downgrade, or a period another subscription opened). */
    NOT_APPLICABLE
}
