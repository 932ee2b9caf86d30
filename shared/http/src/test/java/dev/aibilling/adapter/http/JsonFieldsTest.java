package dev.aibilling.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A field of the wrong JSON type is a 400 naming the field, never a coercion; absent and null read alike. */
class JsonFieldsTest {
    private static final JsonObject BODY = Json.parseObject("""
            {"text":"ada","number":42,"negative":-7,"yes":true,"no":false,"nothing":null,
             "numberText":"42","boolText":"true","fraction":1.5,"exponent":1e3,"huge":1234567890123456789,
             "object":{"a":"1"},"array":["a"],"mixed":{"a":"1","b":2}}""");

    @Test
    void aStringIsReadOnlyFromAJsonString() {
        assertEquals("ada", JsonFields.requiredString(BODY, "text"));
        assertEquals("ada", JsonFields.optionalString(BODY, "text"));
        assertNull(JsonFields.optionalString(BODY, "absent"));
        assertNull(JsonFields.optionalString(BODY, "nothing"));
        assertRefused(() -> JsonFields.requiredString(BODY, "absent"), "Field 'absent' is required");
        assertRefused(() -> JsonFields.requiredString(BODY, "nothing"), "Field 'nothing' is required");
        for (String field : new String[] {"number", "yes", "object", "array"}) {
            assertRefused(() -> JsonFields.requiredString(BODY, field), "Field '" + field + "' must be a string");
            assertRefused(() -> JsonFields.optionalString(BODY, field), "Field '" + field + "' must be a string");
        }
    }

    @Test
    void anIntegerIsReadOnlyFromAWholeJsonNumberOfAtMost18Digits() {
        assertEquals(42L, JsonFields.requiredInteger(BODY, "number"));
        assertEquals(-7L, JsonFields.optionalInteger(BODY, "negative"));
        assertNull(JsonFields.optionalInteger(BODY, "absent"));
        assertNull(JsonFields.optionalInteger(BODY, "nothing"));
        assertRefused(() -> JsonFields.requiredInteger(BODY, "absent"), "Field 'absent' is required");
        for (String field : new String[] {"numberText", "fraction", "exponent", "huge", "yes", "object"}) {
            assertRefused(() -> JsonFields.requiredInteger(BODY, field), "Field '" + field + "' must be an integer");
            assertRefused(() -> JsonFields.optionalInteger(BODY, field), "Field '" + field + "' must be an integer");
        }
    }

    @Test
    void aBooleanIsReadOnlyFromJsonTrueOrFalse() {
        assertEquals(Boolean.TRUE, JsonFields.optionalBoolean(BODY, "yes"));
        assertEquals(Boolean.FALSE, JsonFields.optionalBoolean(BODY, "no"));
        assertNull(JsonFields.optionalBoolean(BODY, "absent"));
        assertNull(JsonFields.optionalBoolean(BODY, "nothing"));
        for (String field : new String[] {"boolText", "number", "object", "array"}) {
            assertRefused(() -> JsonFields.optionalBoolean(BODY, field), field + " must be true or false");
        }
    }

    @Test
    void aStringMapIsReadOnlyFromAnObjectOfStrings() {
        assertEquals(Map.of("a", "1"), JsonFields.optionalStringMap(BODY, "object"));
        assertEquals(Map.of(), JsonFields.optionalStringMap(BODY, "absent"));
        assertEquals(Map.of(), JsonFields.optionalStringMap(BODY, "nothing"));
        assertRefused(() -> JsonFields.optionalStringMap(BODY, "array"), "Field 'array' must be an object of strings");
        assertRefused(() -> JsonFields.optionalStringMap(BODY, "mixed"), "Field 'mixed.b' must be a string");
    }

    @Test
    void onlyAllowedFieldsMayAppear() {
        JsonObject body = Json.parseObject("{\"amount\":1,\"extra\":2}");
        JsonFields.rejectUnknown(body, Set.of("amount", "extra"));
        assertRefused(() -> JsonFields.rejectUnknown(body, Set.of("amount")), "Unknown field 'extra'");
    }

    private static void assertRefused(Executable read, String message) {
        BillingException refusal = assertThrows(BillingException.class, read);
        assertEquals(ErrorCode.INVALID_REQUEST, refusal.code());
        assertEquals(message, refusal.getMessage());
    }
}
