package dev.aibilling.adapter.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one configuration loader. In Lambda every setting is an environment variable
 * set by template.yaml; the local runtime and the tests set JVM system properties of
 * the same names, which win so that a test never depends on the shell it runs in.
 */
public final class Config {
    private final Function<String, String> source;

    private Config(Function<String, String> source) {
        this.source = source;
    }

    public static Config fromEnvironment() {
        return new Config(name -> {
            String property = System.getProperty(name);
            return property != null ? property : System.getenv(name);
        });
    }

    public static Config of(Map<String, String> values) {
        return new Config(values::get);
    }

    public Optional<String> optional(String name) {
        String value = source.apply(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException(
                "Missing configuration " + name + " (an environment variable in Lambda, set by template.yaml)"));
    }
}
