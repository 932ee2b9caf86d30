package dev.aibilling.domain.billing;

import java.util.Optional;

/** Port to the mapping between our users and the provider's customers. */
public interface CustomerStore {
    Optional<String> customerOf(String userId);

    /** The customer with its last checkout, in one read. */
    Optional<BillingCustomer> find(String userId);

    Optional<String> userOf(String customerId);

    void save(String userId, String customerId);

    /**
     * Remembers the checkout just opened for the user's customer, if the last one recorded
     * is still {@code replacing} (null: none). False when another was recorded meanwhile.
     */
    boolean recordCheckout(String userId, CheckoutSession session, String replacing);
}
