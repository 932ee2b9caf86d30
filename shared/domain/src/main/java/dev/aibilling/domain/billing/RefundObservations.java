package dev.aibilling.domain.billing;

import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.payments.Payment;
import dev.aibilling.domain.payments.PaymentStatus;
import dev.aibilling.domain.payments.PaymentStore;
import java.time.Instant;
import java.util.List;

/**
 * What a refunded total does, whoever saw it (the refund webhook, for refunds made
 * anywhere, or the admin route that made one): the payment's refunded amount is raised
 * to it, never lowered, so no refund counts twice; a payment that is now fully refunded
 * and opened a credit period takes back what is left of that period's grant, once.
 */
public final class RefundObservations {
    private final PaymentStore payments;
    private final CreditLedger ledger;

    public RefundObservations(PaymentStore payments, CreditLedger ledger) {
        this.payments = payments;
        this.ledger = ledger;
    }

    public Payment apply(Payment payment, long chargeAmountRefunded, Instant at, List<DomainEvent> published) {
        Payment updated = payments.raiseRefunded(payment, chargeAmountRefunded);
        if (updated.status() == PaymentStatus.REFUNDED && updated.creditedPeriod() != null) {
            ledger.clawBack(updated.userId(), updated.creditedPeriod().subscriptionId(),
                    updated.creditedPeriod().start(), updated.paymentId());
        }
        published.add(new DomainEvent.PaymentRefunded("payment-refunded:" + payment.paymentIntentId() + ":"
                + chargeAmountRefunded, updated.userId(), at, updated.paymentIntentId(), updated.amount().amount(),
                chargeAmountRefunded, updated.amount().currency()));
        return updated;
    }
}
