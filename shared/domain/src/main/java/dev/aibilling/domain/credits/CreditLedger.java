package dev.aibilling.domain.credits;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.limits.Limits;
import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import dev.aibilling.domain.plans.PlanCatalog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The credit rules: signup credits once, consumption that never overdraws and never
 * repeats, and period resets that happen once per period and never go back in time. Every
 * ledger entry is written here; the store only persists what it is given.
 */
public final class CreditLedger {
    public static final long SIGNUP_CREDITS = 100;
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
        ConsumeOutcome outcome = store.consume(request, consumption(request));
        if (outcome instanceof ConsumeOutcome.NoAccount) {
            openAccount(request.userId());
            outcome = store.consume(request, consumption(request));
        }
        return outcome.accept(new ConsumeOutcome.Cases<>() {
            @Override
            public ConsumeResult applied(ConsumeResult result) {
                return result;
            }

            @Override
            public ConsumeResult replayed(ConsumeResult original) {
                return original.asReplay();
            }

            @Override
            public ConsumeResult keyConflict() {
                throw new BillingException(ErrorCode.IDEMPOTENCY_CONFLICT,
                        "idempotencyKey was already used with different parameters");
            }

            @Override
            public ConsumeResult insufficientCredits(long balance) {
                throw new BillingException(ErrorCode.INSUFFICIENT_CREDITS,
                        "Balance " + balance + " does not cover " + request.amount() + " credits",
                        Map.of("balance", balance, "requested", request.amount()));
            }

            @Override
            public ConsumeResult noAccount() {
                throw new IllegalStateException("Account of " + request.userId() + " vanished after it was opened");
            }
        });
    }

    /** The user's account, opened with the signup credits on first contact. */
    public Account account(String userId) {
        Limits.userId(userId);
        return store.findAccount(userId).orElseGet(() -> {
            openAccount(userId);
            return store.findAccount(userId).orElseThrow();
        });
    }

    /**
     * Sets the balance to the period's allowance, recorded as the leftover expired and the
     * allowance granted, once per grant key and never for a period earlier than the last.
     */
    public ResetOutcome resetForPeriod(PeriodReset reset) {
        for (int attempt = 0; attempt < MAX_RESET_ATTEMPTS; attempt++) {
            Account account = account(reset.userId());
            Instant now = now();
            String reference = reset.reference() == null ? reset.grantKey() : reset.reference();
            List<LedgerEntry> entries = new ArrayList<>();
            if (account.balance() != 0) {
                entries.add(new LedgerEntry(ids.get(), reset.userId(), LedgerEntryType.PERIOD_EXPIRY,
                        -account.balance(), "Unused credits expired at period end", reference, Map.of(), now));
            }
            if (reset.allowance() != 0) {
                entries.add(new LedgerEntry(ids.get(), reset.userId(), LedgerEntryType.PERIOD_GRANT, reset.allowance(),
                        "Monthly credits: " + reset.planId() + " plan", reference, Map.of("planId", reset.planId()),
                        now));
            }
            BalanceChange change = new BalanceChange(reset.userId(), account.balance(), reset.allowance(),
                    "grant:" + reset.grantKey(), entries, new CreditPeriod(reset.periodStart(), reset.periodEnd()),
                    reset.planId(), now);
            ResetOutcome outcome = switch (store.apply(change)) {
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

    private LedgerEntry consumption(ConsumeRequest request) {
        return new LedgerEntry(ids.get(), request.userId(), LedgerEntryType.CONSUMPTION, -request.amount(),
                request.description(), request.idempotencyKey(), request.metadata(), now());
    }

    private void openAccount(String userId) {
        Instant now = now();
        Instant firstRefill = now.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        store.openAccount(new Account(userId, SIGNUP_CREDITS, PlanCatalog.FREE, null, firstRefill, now),
                new LedgerEntry(ids.get(), userId, LedgerEntryType.SIGNUP_GRANT, SIGNUP_CREDITS, "Signup credits",
                        "signup", Map.of(), now));
    }

    /** Stored times have millisecond precision; results carry the same value a replay will read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
