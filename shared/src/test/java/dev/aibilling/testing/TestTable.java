package dev.aibilling.testing;

import dev.aibilling.aws.AwsClients;
import dev.aibilling.config.Config;
import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.store.dynamodb.DynamoDbStores;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A fresh billing table on an emulator, created from template.yaml, and production
 * clients pointed at it (only the endpoint differs from AWS).
 */
public record TestTable(AwsEmulator emulator, String name, Config config) {

    public static TestTable onMoto() {
        return on(AwsEmulator.moto());
    }

    public static TestTable on(AwsEmulator emulator) {
        String name = emulator.createBillingTable();
        return new TestTable(emulator, name, Config.of(emulator.settings(name)));
    }

    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return AwsClients.dynamoDb(config, List.of(interceptors));
    }

    public DynamoDbStores stores(ExecutionInterceptor... interceptors) {
        return new DynamoDbStores(client(interceptors), name);
    }
}
