package dev.aibilling.domain.payments;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.util.Optional;

/** Port to payment records: a user's history newest first, and lookups by the provider's ids. */
public interface PaymentStore {
    Page<Payment> list(String userId, PageRequest page);

    /**
     * Records an invoice's payment outcome. A success replaces a failure of the same invoice;
     * nothing replaces a success.
     */
    void record(Payment payment);

    /** The payment of an invoice, whoever's it is. */
    Optional<Payment> find(String paymentId);

    Optional<Payment> findByPaymentIntent(String paymentIntentId);

    /**
     * Raises the refunded amount to {@code amountRefunded} (never lowers it, so refund
     * signals in any order converge) and returns the payment as it now stands.
     */
    Payment raiseRefunded(Payment payment, long amountRefunded);
}
