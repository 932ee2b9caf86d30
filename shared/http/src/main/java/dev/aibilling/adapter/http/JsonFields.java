package dev.aibilling.adapter.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.aibilling.domain.error.BillingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed reads of request fields: a wrong type is a clear 400, never a coercion. */
public final class JsonFields {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private JsonFields() {
    }

    public static void rejectUnknown(JsonObject object, Set<String> allowed) {
        for (String name : object.keySet()) {
            if (!allowed.contains(name)) {
                throw BillingException.invalid("Unknown field '" + name + "'");
            }
        }
    }

    public static String requiredString(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            throw BillingException.invalid("Field '" + name + "' is required");
        }
        if (!isString(value)) {
            throw BillingException.invalid("Field '" + name + "' must be a string");
        }
        return value.getAsString();
    }

    /** An integer written as a JSON number without fraction or exponent. */
    public static long requiredInteger(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            throw BillingException.invalid("Field '" + name + "' is required");
        }
        if (!(value instanceof JsonPrimitive primitive) || !primitive.isNumber()
                || !INTEGER.matcher(primitive.getAsString()).matches()) {
            throw BillingException.invalid("Field '" + name + "' must be an integer");
        }
        return primitive.getAsLong();
    }

    /** A string field that may be absent or null (then null). */
    public static String optionalString(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value == null || value.isJsonNull() ? null : requiredString(object, name);
    }

    /** An integer field that may be absent or null (then null). */
    public static Long optionalInteger(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value == null || value.isJsonNull() ? null : requiredInteger(object, name);
    }

    /** A JSON true or false, if present; a string "true" is not a boolean. */
    public static Boolean optionalBoolean(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw BillingException.invalid(name + " must be true or false");
        }
        return value.getAsBoolean();
    }

    /** An optional object whose values are all strings; absent or null gives an empty map. */
    public static Map<String, String> optionalStringMap(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            return Map.of();
        }
        if (!value.isJsonObject()) {
            throw BillingException.invalid("Field '" + name + "' must be an object of strings");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
            if (!isString(entry.getValue())) {
                throw BillingException.invalid("Field '" + name + "." + entry.getKey() + "' must be a string");
            }
            result.put(entry.getKey(), entry.getValue().getAsString());
        }
        return result;
    }

    private static boolean isString(JsonElement value) {
        return value instanceof JsonPrimitive primitive && primitive.isString();
    }
}
