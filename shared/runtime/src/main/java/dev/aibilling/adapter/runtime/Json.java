package dev.aibilling.adapter.runtime;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.io.IOException;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;

/** The one JSON mapper: strict parsing of request bodies, and serialisation of responses. */
public final class Json {
    /** Deeper than any request or Stripe event needs; bounds the parser's recursion. */
    public static final int MAX_DEPTH = 32;
    private static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .serializeNulls()
            .registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe())
            .registerTypeHierarchyAdapter(Enum.class, new EnumAdapter().nullSafe())
            .create();

    private Json() {
    }

    public static String write(Object value) {
        return GSON.toJson(value);
    }

    /** A value this service wrote (a domain event's detail, a record), back as its type. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return GSON.fromJson(json, type);
        } catch (JsonParseException | DateTimeException e) {
            throw new IllegalArgumentException("Not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a request body that must be one JSON object, in strict RFC 8259 syntax, with no
     * name twice in an object ({"amount":1,"amount":1000000} must not read as either) and
     * at most {@link #MAX_DEPTH} levels of nesting.
     */
    public static JsonObject parseObject(String text) {
        JsonElement element;
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            element = read(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new BillingException(ErrorCode.INVALID_JSON, "Unexpected content after the JSON value");
            }
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new BillingException(ErrorCode.INVALID_JSON, "Body is not valid JSON");
        }
        if (!element.isJsonObject()) {
            throw new BillingException(ErrorCode.INVALID_JSON, "Body must be a JSON object");
        }
        return element.getAsJsonObject();
    }

    private static JsonElement read(JsonReader reader, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new BillingException(ErrorCode.INVALID_JSON, "JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        throw new BillingException(ErrorCode.INVALID_JSON, "Name '" + name + "' appears twice");
                    }
                    object.add(name, read(reader, depth + 1));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader, depth + 1));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                // the number as written, as Gson's own tree keeps it: "5.0" and "1e3" stay recognisable
                return new JsonPrimitive(ToNumberPolicy.LAZILY_PARSED_NUMBER.readNumber(reader));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new BillingException(ErrorCode.INVALID_JSON, "Body is not valid JSON");
        }
    }

    /** Enums (statuses, cycles) as their lower-case names, the way Stripe and our API spell them. */
    private static final class EnumAdapter extends TypeAdapter<Enum<?>> {
        @Override
        public void write(JsonWriter out, Enum<?> value) throws IOException {
            out.value(value.name().toLowerCase(Locale.ROOT));
        }

        @Override
        public Enum<?> read(JsonReader in) {
            throw new UnsupportedOperationException("Request fields are read by JsonFields, never bound to enums");
        }
    }

    /** Instants as ISO-8601 UTC strings; Gson cannot reflect into java.time. */
    private static final class InstantAdapter extends TypeAdapter<Instant> {
        @Override
        public void write(JsonWriter out, Instant value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public Instant read(JsonReader in) throws IOException {
            return Instant.parse(in.nextString());
        }
    }
}
