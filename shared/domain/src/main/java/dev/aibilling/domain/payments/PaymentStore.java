package dev.aibilling.domain.payments;

import dev.aibilling.domain.paging.Page;
import dev.aibilling.domain.paging.PageRequest;
import java.util.Optional;

/** Port to a user's payment history, newest first. */
public interface PaymentStore {
    Page<Payment> list(String userId, PageRequest page);

    /**
     * Records an invoice's payment outcome. A success replaces a failure of the same invoice;
     * nothing replaces a success. {@code paymentIntentId} (nullable) links later refunds.
     */
    void record(String userId, Payment payment, String paymentIntentId);

    /**
     * Raises the refunded amount of the payment made by this payment intent (never lowers
     * it, so refund events in any order converge). The user, or empty if no payment is known.
     */
    Optional<String> applyRefund(String paymentIntentId, long amountRefunded);
}
