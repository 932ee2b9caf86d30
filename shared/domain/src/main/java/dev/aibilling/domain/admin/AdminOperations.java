package dev.aibilling.domain.admin;

import dev.aibilling.domain.audit.AuditEntry;
import dev.aibilling.domain.audit.AuditLog;
import dev.aibilling.domain.billing.PaymentProvider;
import dev.aibilling.domain.billing.RefundObservations;
import dev.aibilling.domain.billing.RefundReason;
import dev.aibilling.domain.billing.RefundRequest;
import dev.aibilling.domain.billing.RefundResult;
import dev.aibilling.domain.credits.AdjustmentRequest;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.credits.MoveResult;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import dev.aibilling.domain.limits.Limits;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Money operations of support staff: refunds through the provider and credit
 * adjustments, each recorded in the audit log with who, when, what and the provider
 * object it made. Both are idempotent on the admin's key: a retry answers the original.
 */
public final class AdminOperations {
    private final PaymentStore payments;
    private final RefundObservations refunds;
    private final CreditLedger ledger;
    private final AuditLog audit;
    private final PaymentProvider provider;
    private final Clock clock;

    public AdminOperations(PaymentStore payments, RefundObservations refunds, CreditLedger ledger, AuditLog audit,
                           PaymentProvider provider, Clock clock) {
        this.payments = payments;
        this.refunds = refunds;
        this.ledger = ledger;
        this.audit = audit;
        this.provider = provider;
        this.clock = clock;
    }

    public record RefundOutcome(String refundId, String paymentId, String userId, long amount, String currency,
                                long amountRefunded, String paymentStatus, boolean replayed) {
    }

    /**
     * Refunds {@code amount} (all that remains when null) of a payment. The payment's
     * refunded total is raised from the provider's answer; a payment refunded in full takes
     * back what is left of the credits its period granted.
     */
    public RefundOutcome refund(String adminId, String paymentId, Long amount, RefundReason reason,
                                String idempotencyKey) {
        Limits.userId(adminId);
        Limits.idempotencyKey(idempotencyKey);
        Payment payment = payments.find(paymentId).orElseThrow(() -> new BillingException(ErrorCode.NOT_FOUND,
                "No payment " + paymentId));
        String auditId = "refund:" + paymentId + ":" + idempotencyKey;
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("amount", amount == null ? "remaining" : Long.toString(amount));
        parameters.put("reason", reason == null ? "" : reason.wireName());
        Optional<AuditEntry> done = audit.find(auditId);
        if (done.isPresent()) {
            return replay(done.get(), payment, parameters);
        }
        long refund = refundable(payment, amount);
        Map<String, String> metadata = Map.of("paymentId", paymentId, "userId", payment.userId(), "adminId", adminId);
        RefundResult result;
        try {
            result = provider.refund(new RefundRequest(payment.paymentIntentId(), refund, reason, metadata), auditId);
        } catch (BillingException refused) {
            if (refused.code() != ErrorCode.REFUND_EXCEEDS_PAYMENT) {
                throw refused;
            }
            // refunded elsewhere since our record last heard: it catches up (as the webhook on the
            // way will make it), and the answer says what is left now; nothing is refunded unasked
            long chargeAmountRefunded = ((Number) refused.details().get(PaymentProvider.CHARGE_AMOUNT_REFUNDED))
                    .longValue();
            Payment caughtUp = refunds.apply(payment, chargeAmountRefunded, clock.instant(), new ArrayList<>());
            throw caughtUp.refundable() == 0 ? notRefundable(caughtUp) : exceeds(caughtUp);
        }
        Map<String, String> details = new LinkedHashMap<>(parameters);
        details.put("refunded", Long.toString(refund));
        details.put("currency", payment.amount().currency());
        details.put("chargeAmountRefunded", Long.toString(result.chargeAmountRefunded()));
        details.put("idempotencyKey", idempotencyKey);
        AuditEntry entry = new AuditEntry(auditId, adminId, AuditEntry.REFUND, payment.userId(), paymentId,
                result.refundId(), details, result.created());
        audit.record(entry);
        Payment updated = refunds.apply(payment, result.chargeAmountRefunded(), clock.instant(), new ArrayList<>());
        return new RefundOutcome(result.refundId(), paymentId, payment.userId(), refund, payment.amount().currency(),
                updated.amountRefunded(), updated.status().wireName(), false);
    }

    /** The amount to refund ({@code amount}, or all that is left when null), if the payment has it left. */
    private static long refundable(Payment payment, Long amount) {
        if (payment.paymentIntentId() == null || payment.refundable() == 0) {
            throw notRefundable(payment);
        }
        long refund = amount == null ? payment.refundable() : amount;
        if (refund < 1 || refund > payment.refundable()) {
            throw exceeds(payment);
        }
        return refund;
    }

    private static BillingException notRefundable(Payment payment) {
        return new BillingException(ErrorCode.PAYMENT_NOT_REFUNDABLE, "Payment " + payment.paymentId() + " is "
                + payment.status().wireName() + " with " + payment.refundable() + " left to refund");
    }

    private static BillingException exceeds(Payment payment) {
        return new BillingException(ErrorCode.REFUND_EXCEEDS_PAYMENT, "amount must be from 1 to "
                + payment.refundable() + " (" + payment.amount().currency() + " minor units still refundable)",
                Map.of("refundable", payment.refundable()));
    }

    /** A support grant or negative adjustment; refused if it would take the balance below zero. */
    public MoveResult adjust(AdjustmentRequest request) {
        return ledger.adjust(request);
    }

    /** The refund this key made before: its effects applied again (a no-op if they were), the same answer. */
    private RefundOutcome replay(AuditEntry done, Payment payment, Map<String, String> parameters) {
        if (!parameters.get("amount").equals(done.details().get("amount"))
                || !parameters.get("reason").equals(done.details().get("reason"))) {
            throw new BillingException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "This Idempotency-Key was used for another refund of this payment");
        }
        long chargeAmountRefunded = Long.parseLong(done.details().get("chargeAmountRefunded"));
        Payment updated = refunds.apply(payment, chargeAmountRefunded, clock.instant(), new ArrayList<>());
        return new RefundOutcome(done.providerObjectId(), payment.paymentId(), payment.userId(),
                Long.parseLong(done.details().get("refunded")), payment.amount().currency(), updated.amountRefunded(),
                updated.status().wireName(), true);
    }
}
