package dev.aibilling.domain.credits;

public enum ResetOutcome {
    /** The balance was set to the allowance, with expiry and grant entries. */
    APPLIED,
    /** This grant key was applied before: nothing changed. */
    ALREADY_APPLIED,
    /** A later period was applied already (events arrive out of order): nothing changed. */
    SUPERSEDED
}
