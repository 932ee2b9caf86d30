package dev.aibilling.adapter.runtime;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.aibilling.domain.error.BillingException;
import dev.aibilling.domain.error.ErrorCode;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.Locale;

/** The one JSON mapper: strict parsing of request bodies, and serialisation of responses. */
public final class Json {
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

    /** Parses a request body that must be one JSON object, in strict RFC 8259 syntax. */
    public static JsonObject parseObject(String text) {
        JsonElement element;
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            element = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new BillingException(ErrorCode.INVALID_JSON, "Unexpected content after the JSON value");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new BillingException(ErrorCode.INVALID_JSON, "Body is not valid JSON");
        }
        if (element == null || !element.isJsonObject()) {
            throw new BillingException(ErrorCode.INVALID_JSON, "Body must be a JSON object");
        }
        return element.getAsJsonObject();
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
