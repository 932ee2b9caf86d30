package dev.aibilling.credits;

import dev.aibilling.error.BillingException;
import dev.aibilling.error.ErrorCode;
import dev.aibilling.paging.Page;
import dev.aibilling.paging.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The credit rules: signup credits once, consumption that never overdraws and never
 * repeats, and period resets that happen once per period and never go back in time.
 */
public final class CreditLedger {
    public static final long SIGNUP_CREDITS = 100;
    public static final String DEFAULT_PLAN_ID = "free";
    /** A reset races consumes; each lost race re-reads once. Past this, something is wrong. */
    private static final int MAX_RESET_ATTEMPTS = 20;

    private final CreditStore store;
    private final Clock clock;
    private final Supplier<String> ids;

    public CreditLedger(CreditStore store, Clock clock) {
        this(store, clock, () -> UUID.randomUUID().toString());
    }

    public CreditLedger(CreditStore store, Clock clock, Supplier<String> ids) {
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    public ConsumeResult consume(ConsumeRequest request) {
        ConsumeOutcome outcome = store.consume(request, ids.get(), now());
        if (outcome instanceof ConsumeOutcome.NoAccount) {
            openAccount(request.userId());
            outcome = store.consume(request, ids.get(), now());
        }
        if (outcome instanceof ConsumeOutcome.Applied applied) {
            return applied.result();
        }
        if (outcome instanceof ConsumeOutcome.Replayed replayed) {
            return replayed.original().asReplay();
        }
        if (outcome instanceof ConsumeOutcome.InsufficientCredits insufficient) {
            throw new BillingException(ErrorCode.INSUFFICIENT_CREDITS,
                    "Balance " + insufficient.balance() + " does not cover " + request.amount() + " credits",
                    Map.of("balance", insufficient.balance(), "requested", request.amount()));
        }
        if (outcome instanceof ConsumeOutcome.KeyConflict) {
            throw new BillingException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "idempotencyKey was already used with different parameters");
        }
        throw new IllegalStateException("Account of " + request.userId() + " vanished after it was opened");
    }

    /** The user's account, opened with the signup credits on first contact. */
    public Account account(String userId) {
        Limits.userId(userId);
        return store.findAccount(userId).orElseGet(() -> {
            openAccount(userId);
            return store.findAccount(userId).orElseThrow();
        });
    }

    public ResetOutcome resetForPeriod(PeriodReset reset) {
        for (int attempt = 0; attempt < MAX_RESET_ATTEMPTS; attempt++) {
            Account account = account(reset.userId());
            ResetOutcome outcome = switch (store.applyReset(reset, account.balance(), ids.get(), ids.get(), now())) {
                case APPLIED -> ResetOutcome.APPLIED;
                case ALREADY_APPLIED -> ResetOutcome.ALREADY_APPLIED;
                case SUPERSEDED -> ResetOutcome.SUPERSEDED;
                case BALANCE_MOVED -> null; // a consume landed between the read and the write: read again
            };
            if (outcome != null) {
                return outcome;
            }
        }
        throw new IllegalStateException("Reset " + reset.grantKey() + " lost " + MAX_RESET_ATTEMPTS
                + " races to concurrent consumes; the message will be retried");
    }

    /** Records the user's plan without touching the balance (e.g. back to Free when a subscription ends). */
    public void assignPlan(String userId, String planId) {
        account(userId);
        store.assignPlan(userId, planId, now());
    }

    public Page<LedgerEntry> history(String userId, PageRequest page) {
        account(userId);
        return store.ledger(userId, page);
    }

    /** Stored times have millisecond precision; results carry the same value a replay will read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void openAccount(String userId) {
        Instant now = now();
        Instant firstRefill = now.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        store.openAccount(userId, SIGNUP_CREDITS, ids.get(), firstRefill, now);
    }
}
