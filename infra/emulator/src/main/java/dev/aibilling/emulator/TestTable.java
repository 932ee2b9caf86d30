package dev.aibilling.emulator;

import dev.aibilling.adapter.runtime.AwsClients;
import dev.aibilling.adapter.runtime.Config;
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

    /** A client built the way the functions build theirs; interceptors see its requests. */
    public DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return AwsClients.build(DynamoDbClient.builder(), config, List.of(interceptors));
    }
}
