package dev.aibilling.domain.credits;

/** What the store did with a {@link BalanceChange}. */
public enum BalanceWrite {
    APPLIED,
    /** The marker exists: this effect happened before; nothing changed. */
    ALREADY_APPLIED,
    /** The period terms no longer hold (a later period was applied, or the period changed): nothing changed. */
    SUPERSEDED,
    /** The balance is no longer the expected one (a consume landed): read again and retry. */
    BALANCE_MOVED
}
