package dev.aibilling.domain.credits;

import dev.aibilling.domain.audit.AuditEntry;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.util.Optional;

/**
 * Port to the ledger's storage. The domain decides every change (the entries, their
 * descriptions and references, the conditions); the store persists it as one atomic,
 * conditional write together with its entries and marker, or not at all.
 */
public interface CreditStore {

    /**
     * Moves the balance by the move's delta (never below zero), records the key with the
     * move's fingerprint, writes {@code entry} and, if given, the {@code audit} record: all
     * or nothing.
     */
    MoveOutcome applyKeyed(KeyedMove move, LedgerEntry entry, AuditEntry audit);

    /** Creates the account with its first entry, unless the account exists (then nothing is written). */
    void openAccount(Account account, LedgerEntry firstEntry);

    /** A strongly consistent read: the balance a change is conditioned on must be current. */
    Optional<Account> findAccount(String userId);

    /** Applies the change under its conditions (see {@link BalanceChange}). */
    BalanceWrite apply(BalanceChange change);

    Page<LedgerEntry> ledger(String userId, PageRequest page);

    /**
     * The balance and the sum of every ledger entry, read so that no change falls between
     * them; empty if the account kept changing (it is checked another time).
     */
    Optional<LedgerTotals> totals(String userId);
}
