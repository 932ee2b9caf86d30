package dev.aibilling.domain.credits;

import dev.aibilling.domain.audit.AuditEntry;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The credit rules: signup credits once; consumption and admin adjustments that never
 * overdraw and never repeat; period resets once per period and never back in time; an
 * upgrade's top-up and a refund's claw-back once each. Every ledger entry is written
 * here; the store only persists what it is given.
 */
public final class CreditLedger {
    public static final long SIGNUP_CREDITS = 100;
    /** A change races consumes; each lost race re-reads once. Past this, something is wrong. */
    private static final int MAX_ATTEMPTS = 20;

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

    public MoveResult consume(ConsumeRequest request) {
        return applyKeyed(request.move(), () -> new LedgerEntry(ids.get(), request.userId(),
                LedgerEntryType.CONSUMPTION, -request.amount(), request.description(), request.idempotencyKey(),
                request.entryMetadata(), now()), null);
    }

    /**
     * A support grant or negative adjustment, recorded in the ledger with the admin's id and
     * in the audit log in the same transaction. A negative one that would take the balance
     * below zero is refused.
     */
    public MoveResult adjust(AdjustmentRequest request) {
        Instant now = now();
        AuditEntry audit = new AuditEntry("adjustment:" + request.idempotencyKey(), request.adminId(),
                AuditEntry.CREDIT_ADJUSTMENT, request.userId(), request.userId(), null,
                Map.of("amount", Long.toString(request.amount()), "reason", request.reason(),
                        "idempotencyKey", request.idempotencyKey()), now);
        return applyKeyed(request.move(), () -> new LedgerEntry(ids.get(), request.userId(),
                LedgerEntryType.ADMIN_ADJUSTMENT, request.amount(), request.reason(), request.idempotencyKey(),
                Map.of("adminId", request.adminId()), now), audit);
    }

    private MoveResult applyKeyed(KeyedMove move, Supplier<LedgerEntry> entry, AuditEntry audit) {
        MoveOutcome outcome = store.applyKeyed(move, entry.get(), audit);
        if (outcome instanceof MoveOutcome.NoAccount) {
            openAccount(move.userId());
            outcome = store.applyKeyed(move, entry.get(), audit);
        }
        return outcome.accept(new MoveOutcome.Cases<>() {
            @Override
            public MoveResult applied(MoveResult result) {
                return result;
            }

            @Override
            public MoveResult replayed(MoveResult original) {
                return original.asReplay();
            }

            @Override
            public MoveResult keyConflict() {
                throw new BillingException(ErrorCode.IDEMPOTENCY_CONFLICT,
                        "idempotencyKey was already used with different parameters");
            }

            @Override
            public MoveResult insufficientCredits(long balance) {
                long requested = -move.delta();
                throw new BillingException(ErrorCode.INSUFFICIENT_CREDITS,
                        "Balance " + balance + " does not cover " + requested + " credits",
                        Map.of("balance", balance, "requested", requested));
            }

            @Override
            public MoveResult noAccount() {
                throw new IllegalStateException("Account of " + move.userId() + " vanished after it was opened");
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
    public ChangeOutcome resetForPeriod(PeriodReset reset) {
        return resetForPeriod(reset, null);
    }

    /** The same, deciding first on {@code current} (an account the caller just read), so a refill costs one read. */
    public ChangeOutcome resetForPeriod(PeriodReset reset, Account current) {
        return change(reset.userId(), current, account -> {
            Instant now = now();
            List<LedgerEntry> entries = new ArrayList<>();
            if (account.balance() != 0) {
                entries.add(new LedgerEntry(ids.get(), reset.userId(), LedgerEntryType.PERIOD_EXPIRY,
                        -account.balance(), "Unused credits expired at period end", reset.source(), Map.of(), now));
            }
            if (reset.allowance() != 0) {
                entries.add(new LedgerEntry(ids.get(), reset.userId(), LedgerEntryType.PERIOD_GRANT, reset.allowance(),
                        "Monthly credits: " + reset.planId() + " plan", reset.source(),
                        Map.of("planId", reset.planId()), now));
            }
            return new BalanceChange(reset.userId(), account.balance(), reset.allowance(), "grant:" + reset.grantKey(),
                    entries, new PeriodTerms.Opens(reset.periodStart(), reset.periodEnd(), reset.allowance(),
                    reset.source(), reset.nextReset()), now);
        });
    }

    /**
     * An upgrade within a period that {@code subscriptionId} opened: the balance rises to the
     * new allowance (never falls), once per period and allowance. Nothing happens for a
     * period another subscription or the Free plan opened (its own grant comes first), nor
     * when the period's allowance is already as high (a downgrade waits for the next period).
     */
    public ChangeOutcome raiseAllowance(String userId, String subscriptionId, String planId, long allowance) {
        return change(userId, null, account -> {
            if (!subscriptionId.equals(account.periodSource()) || account.periodAllowance() >= allowance) {
                return null;
            }
            long balance = Math.max(account.balance(), allowance);
            List<LedgerEntry> entries = balance == account.balance() ? List.of()
                    : List.of(new LedgerEntry(ids.get(), userId, LedgerEntryType.UPGRADE_GRANT,
                    balance - account.balance(), "Upgrade to the " + planId + " plan", subscriptionId,
                    Map.of("planId", planId), now()));
            return new BalanceChange(userId, account.balance(), balance, "upgrade:" + subscriptionId + "@"
                    + account.periodStart().getEpochSecond() + ":" + allowance, entries,
                    new PeriodTerms.RaisesAllowance(subscriptionId, account.periodStart(), allowance), now());
        });
    }

    /**
     * A fully refunded period invoice: what is left of that period's grant goes back,
     * min(balance, the period's allowance), once per invoice. A period that already ended
     * has nothing left to take: its leftover expired with it.
     */
    public ChangeOutcome clawBack(String userId, String subscriptionId, Instant periodStart, String invoiceId) {
        return change(userId, null, account -> {
            if (!subscriptionId.equals(account.periodSource()) || !periodStart.equals(account.periodStart())) {
                return null;
            }
            long taken = Math.min(account.balance(), account.periodAllowance());
            if (taken == 0) {
                return null;
            }
            return new BalanceChange(userId, account.balance(), account.balance() - taken, "clawback:" + invoiceId,
                    List.of(new LedgerEntry(ids.get(), userId, LedgerEntryType.REFUND_CLAWBACK, -taken,
                            "Credits of a refunded period", invoiceId, Map.of(), now())),
                    new PeriodTerms.Within(periodStart), now());
        });
    }

    public Page<LedgerEntry> history(String userId, PageRequest page) {
        if (page.cursor() == null) {
            // the first page opens the account, so its signup grant is listed; a later page's
            // cursor came from that first page (and a foreign cursor is refused with nothing written)
            account(userId);
        }
        return store.ledger(userId, page);
    }

    /**
     * Reads the account (or starts from {@code known}), lets {@code decide} make the change
     * (or none), and applies it; a consume landing between the read and the write makes it
     * read and decide again.
     */
    private ChangeOutcome change(String userId, Account known, Function<Account, BalanceChange> decide) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            BalanceChange change = decide.apply(attempt == 0 && known != null ? known : account(userId));
            if (change == null) {
                return ChangeOutcome.NOT_APPLICABLE;
            }
            ChangeOutcome outcome = switch (store.apply(change)) {
                case APPLIED -> ChangeOutcome.APPLIED;
                case ALREADY_APPLIED -> ChangeOutcome.ALREADY_APPLIED;
                case SUPERSEDED -> ChangeOutcome.SUPERSEDED;
                case BALANCE_MOVED -> null;
            };
            if (outcome != null) {
                return outcome;
            }
        }
        throw new IllegalStateException("A change of " + userId + " lost " + MAX_ATTEMPTS
                + " races to concurrent consumes; the message will be retried");
    }

    private void openAccount(String userId) {
        Instant now = now();
        Instant firstRefill = now.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        store.openAccount(new Account(userId, SIGNUP_CREDITS, PlanCatalog.FREE, null, firstRefill, 0, null, now),
                new LedgerEntry(ids.get(), userId, LedgerEntryType.SIGNUP_GRANT, SIGNUP_CREDITS, "Signup credits",
                        "signup", Map.of(), now));
    }

    /** Stored times have millisecond precision; results carry the same value a replay will read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
