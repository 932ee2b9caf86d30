package dev.aibilling.emulator;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An AWS emulator endpoint (moto here; LocalStack where Docker exists) and the resources
 * the billing service needs on it, created from template.yaml.
 */
public final class AwsEmulator {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    public static final String TABLE_RESOURCE = "BillingTable";

    private static AwsEmulator moto;

    private final URI endpoint;
    private final DynamoDbClient admin;

    public AwsEmulator(URI endpoint) {
        this.endpoint = endpoint;
        this.admin = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** One moto per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized AwsEmulator moto() {
        if (moto == null) {
            moto = new AwsEmulator(MotoServer.start(0).endpoint());
        }
        return moto;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The settings a function reads (the names template.yaml gives them), pointing at this emulator. */
    public Map<String, String> settings(String tableName) {
        return Map.of(
                "AWS_REGION", REGION,
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "TABLE_NAME", tableName);
    }

    /** Makes {@link #settings} visible to code that reads configuration from system properties. */
    public void applySettings(String tableName) {
        settings(tableName).forEach(System::setProperty);
    }

    /** Creates a fresh billing table, as template.yaml defines it, under a unique name. */
    public String createBillingTable() {
        String name = "billing-" + UUID.randomUUID().toString().substring(0, 8);
        createBillingTable(name);
        return name;
    }

    public void createBillingTable(String name) {
        SamTemplate template = SamTemplate.load();
        admin.createTable(template.createTableRequest(TABLE_RESOURCE, name));
        admin.waiter().waitUntilTableExists(b -> b.tableName(name));
        String ttl = template.timeToLiveAttribute(TABLE_RESOURCE);
        if (ttl != null) {
            admin.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t -> t.attributeName(ttl).enabled(true)));
        }
    }
}
