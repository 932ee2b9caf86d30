package dev.aibilling.function.consume;

import com.google.gson.JsonObject;
import dev.aibilling.adapter.http.JsonFields;
import dev.aibilling.domain.credits.ConsumeRequest;
import java.util.Set;

/**
 * The JSON body of a consume: {"userId","amount","idempotencyKey","description","metadata"}.
 * The caller is a trusted backend, so the body names the user.
 */
final class ConsumeRequestBody {
    private static final Set<String> FIELDS = Set.of("userId", "amount", "idempotencyKey", "description", "metadata");

    private ConsumeRequestBody() {
    }

    static ConsumeRequest parse(JsonObject body, String caller) {
        JsonFields.rejectUnknown(body, FIELDS);
        return new ConsumeRequest(
                JsonFields.requiredString(body, "userId"),
                JsonFields.requiredInteger(body, "amount"),
                JsonFields.requiredString(body, "idempotencyKey"),
                JsonFields.requiredString(body, "description"),
                JsonFields.optionalStringMap(body, "metadata"),
                caller);
    }
}
