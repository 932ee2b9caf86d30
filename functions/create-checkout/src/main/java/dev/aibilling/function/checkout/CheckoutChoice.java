package dev.aibilling.function.checkout;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.aibilling.adapter.http.JsonFields;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.plans.BillingCycle;
import java.util.Set;

/**
 * The body of POST /api/create-checkout: {"planId","billingCycle"}, or the seed's
 * {"priceId"[,"billingCycle"]} where the price must be one of the catalog's.
 */
record CheckoutChoice(String planId, String priceId, BillingCycle cycle) {
    private static final Set<String> FIELDS = Set.of("planId", "priceId", "billingCycle");
    private static final int MAX_ID_LENGTH = 100;

    static CheckoutChoice parse(JsonObject body) {
        JsonFields.rejectUnknown(body, FIELDS);
        String planId = optional(body, "planId");
        String priceId = optional(body, "priceId");
        if ((planId == null) == (priceId == null)) {
            throw BillingException.invalid("Give exactly one of planId and priceId");
        }
        String cycle = optional(body, "billingCycle");
        if (cycle == null && planId != null) {
            throw BillingException.invalid("Field 'billingCycle' is required with planId");
        }
        return new CheckoutChoice(planId, priceId, cycle == null ? null : BillingCycle.of(cycle));
    }

    private static String optional(JsonObject body, String name) {
        JsonElement value = body.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        String text = JsonFields.requiredString(body, name);
        if (text.isEmpty() || text.length() > MAX_ID_LENGTH) {
            throw BillingException.invalid("Field '" + name + "' must be 1-" + MAX_ID_LENGTH + " characters");
        }
        return text;
    }
}
