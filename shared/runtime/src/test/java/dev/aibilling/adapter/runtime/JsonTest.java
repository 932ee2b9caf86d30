package dev.aibilling.adapter.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one JSON reader of request bodies and webhooks: strict, no duplicate names, bounded nesting. */
class JsonTest {
    @Test
    void aStrictObjectIsReadWithItsNumbersAsWritten() {
        assertEquals("1000000", Json.parseObject("{\"amount\":1000000,\"m\":{\"k\":[1,2]}}").get("amount")
                .getAsJsonPrimitive().getAsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"amount\":1,\"amount\":1000000}",
        "{\"metadata\":{\"k\":\"a\",\"k\":\"b\"}}",
        "{\"a\":1} {\"b\":2}",
        "{'a':1}",
        "{\"a\":NaN}",
        "[1]",
        "",
        "{\"a\":1,}"})
    void whatIsNotOneStrictObjectWithDistinctNamesIsInvalidJson(String body) {
        assertEquals(ErrorCode.INVALID_JSON, assertThrows(BillingException.class, () -> Json.parseObject(body)).code());
    }

    @Test
    void nestingIsBoundedSoNoBodyCanExhaustTheStack() {
        String deep = "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        String atTheLimit = "{\"a\":" + "[".repeat(Json.MAX_DEPTH - 1) + "]".repeat(Json.MAX_DEPTH - 1) + "}";

        assertEquals(ErrorCode.INVALID_JSON, assertThrows(BillingException.class, () -> Json.parseObject(deep)).code());
        assertEquals(1, Json.parseObject(atTheLimit).size());
    }
}
