package dev.aibilling.adapter.dynamodb;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Typed reads and writes of low-level attribute maps. */
final class Items {
    private Items() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    static AttributeValue time(Instant value) {
        return s(Keys.timestamp(value));
    }

    static AttributeValue stringMap(Map<String, String> value) {
        return AttributeValue.fromM(value.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue()))));
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(Keys.PK, s(pk));
        key.put(Keys.SK, s(sk));
        return key;
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new IllegalStateException("Item " + item.get(Keys.PK) + " has no number " + name);
        }
        return Long.parseLong(value.n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    static Instant time(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : Keys.parseTimestamp(value);
    }

    static Map<String, String> stringMap(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        return value.m().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
    }
}
