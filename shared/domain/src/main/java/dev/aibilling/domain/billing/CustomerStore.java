package dev.aibilling.domain.billing;

import java.util.Optional;

/** Port to the mapping between our users and the provider's customers. */
public interface CustomerStore {
    Optional<String> customerOf(String userId);

    Optional<String> userOf(String customerId);

    void save(String userId, String customerId);
}
