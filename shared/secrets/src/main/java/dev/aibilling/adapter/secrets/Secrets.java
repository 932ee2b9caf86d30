package dev.aibilling.adapter.secrets;

import dev.aibilling.adapter.runtime.AwsClients;
import dev.aibilling.adapter.runtime.Config;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets by name. Locally the value is the setting itself (e.g. STRIPE_SECRET_KEY); in
 * AWS the setting NAME_SECRET_ID names a Secrets Manager secret (its client is a tenth of
 * SSM's in jar size), read on first use, not at init, so a SnapStart snapshot never holds
 * it, and cached for five minutes so a rotation is picked up. Values are never logged.
 */
public final class Secrets {
    public static final String SECRET_ID_SUFFIX = "_SECRET_ID";
    private static final Duration CACHE_FOR = Duration.ofMinutes(5);

    private final Config config;
    private final Function<String, String> readSecret;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Secrets(Config config, Function<String, String> readSecret, Clock clock) {
        this.config = config;
        this.readSecret = readSecret;
        this.clock = clock;
    }

    /** Reads secrets through a Secrets Manager client built on first use. */
    public static Secrets fromConfig(Config config) {
        LazySecretsManager secretsManager = new LazySecretsManager(config);
        return new Secrets(config, secretsManager::read, Clock.systemUTC());
    }

    public String get(String name) {
        return config.optional(name).orElseGet(() -> {
            String secretId = config.optional(name + SECRET_ID_SUFFIX).orElseThrow(() -> new IllegalStateException(
                    "Missing secret " + name + ": set " + name + " locally or " + name + SECRET_ID_SUFFIX + " in AWS"));
            Instant now = clock.instant();
            Cached cached = cache.get(secretId);
            if (cached == null || cached.expiresAt().isBefore(now)) {
                cached = new Cached(readSecret.apply(secretId), now.plus(CACHE_FOR));
                cache.put(secretId, cached);
            }
            return cached.value();
        });
    }

    private record Cached(String value, Instant expiresAt) {
    }

    private static final class LazySecretsManager {
        private final Config config;
        private SecretsManagerClient client;

        LazySecretsManager(Config config) {
            this.config = config;
        }

        synchronized String read(String secretId) {
            if (client == null) {
                client = AwsClients.build(SecretsManagerClient.builder(), config);
            }
            return client.getSecretValue(r -> r.secretId(secretId)).secretString();
        }
    }
}
