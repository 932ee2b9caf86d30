package dev.aibilling.domain.credits;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Port to the ledger's storage. The domain decides every change (the entries, their
 * descriptions and references, the conditions); the store persists it as one atomic,
 * conditional write together with its entries and marker, or not at all.
 */
public interface CreditStore {

    /**
     * Debits the account by the request's amount, records the idempotency key with the
     * request's fingerprint and writes {@code entry}, all or nothing; never below zero.
     */
    ConsumeOutcome consume(ConsumeRequest request, LedgerEntry entry);

    /** Creates the account with its first entry, unless the account exists (then nothing is written). */
    void openAccount(Account account, LedgerEntry firstEntry);

    /** A strongly consistent read: the balance a change is conditioned on must be current. */
    Optional<Account> findAccount(String userId);

    /** Applies the change under its conditions (see {@link BalanceChange}). */
    BalanceWrite apply(BalanceChange change);

    Page<LedgerEntry> ledger(String userId, PageRequest page);

    /** Sets the account's plan; the balance and ledger are untouched. */
    void assignPlan(String userId, String planId, Instant now);
}
