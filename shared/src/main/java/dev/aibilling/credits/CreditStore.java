package dev.aibilling.credits;

import dev.aibilling.paging.Page;
import dev.aibilling.paging.PageRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Port to the ledger's storage. Every write that changes a balance is one atomic,
 * conditional write together with its ledger entries and idempotency marker.
 */
public interface CreditStore {

    /** Debits the account, records the key and the entry, all or nothing; never below zero. */
    ConsumeOutcome consume(ConsumeRequest request, String entryId, Instant now);

    /** Creates the account with its signup grant unless it exists; true when this call created it. */
    boolean openAccount(String userId, long signupCredits, String entryId, Instant nextResetAt, Instant now);

    /** A strongly consistent read: the balance a reset is conditioned on must be current. */
    Optional<Account> findAccount(String userId);

    /**
     * Sets the balance from {@code observedBalance} to the allowance if the balance is still
     * {@code observedBalance}, no later period was applied, and the grant key is new.
     */
    ResetWrite applyReset(PeriodReset reset, long observedBalance, String expiryEntryId, String grantEntryId,
                          Instant now);

    Page<LedgerEntry> ledger(String userId, PageRequest page);

    /** Sets the account's plan; the balance and ledger are untouched. */
    void assignPlan(String userId, String planId, Instant now);

    enum ResetWrite { APPLIED, ALREADY_APPLIED, SUPERSEDED, BALANCE_MOVED }
}
