package dev.aibilling.payments;

import dev.aibilling.paging.Page;
import dev.aibilling.paging.PageRequest;

/** Port to a user's payment history, newest first. */
public interface PaymentStore {
    Page<Payment> list(String userId, PageRequest page);
}
