package dev.aibilling.adapter.runtime;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK clients once per container, cheaply: URL-connection HTTP, the region and a
 * short credentials chain given explicitly (no profile files, no instance metadata), and
 * the endpoint overridden only where AWS_ENDPOINT_URL says (emulators). Each adapter
 * passes its own client's builder, so this module needs no service client.
 */
public final class AwsClients {
    public static final String REGION = "AWS_REGION";
    public static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";

    private AwsClients() {
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Config config) {
        return build(builder, config, List.of());
    }

    /** Interceptors let tests count requests and inject faults without touching the client. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, Config config, List<ExecutionInterceptor> interceptors) {
        builder.httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(config.required(REGION)))
                .credentialsProvider(credentials(config))
                .overrideConfiguration(o -> interceptors.forEach(o::addExecutionInterceptor));
        config.optional(ENDPOINT_URL).map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * Lambda gives keys in the environment, or, with SnapStart, a container credentials
     * endpoint; local runs and tests give keys through the same configuration loader.
     */
    private static AwsCredentialsProvider credentials(Config config) {
        AwsCredentialsProvider fromConfig = () -> {
            String accessKey = config.required("AWS_ACCESS_KEY_ID");
            String secretKey = config.required("AWS_SECRET_ACCESS_KEY");
            return config.optional("AWS_SESSION_TOKEN")
                    .<AwsCredentials>map(token -> AwsSessionCredentials.create(accessKey, secretKey, token))
                    .orElseGet(() -> AwsBasicCredentials.create(accessKey, secretKey));
        };
        return AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(true)
                .credentialsProviders(fromConfig, ContainerCredentialsProvider.builder().build())
                .build();
    }
}
