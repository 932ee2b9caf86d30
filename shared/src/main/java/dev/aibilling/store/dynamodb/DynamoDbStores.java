package dev.aibilling.store.dynamodb;

import dev.aibilling.aws.AwsClients;
import dev.aibilling.billing.CustomerStore;
import dev.aibilling.billing.ProcessedEvents;
import dev.aibilling.config.Config;
import dev.aibilling.credits.CreditStore;
import dev.aibilling.payments.PaymentStore;
import dev.aibilling.plans.PlanStore;
import dev.aibilling.subscriptions.SubscriptionStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The stores of the one billing table, sharing one client. */
public record DynamoDbStores(DynamoDbClient client, String table) {
    public static final String TABLE_NAME = "TABLE_NAME";

    public static DynamoDbStores fromConfig(Config config) {
        return new DynamoDbStores(AwsClients.dynamoDb(config), config.required(TABLE_NAME));
    }

    public CreditStore credits() {
        return new DynamoDbCreditStore(client, table);
    }

    public PlanStore plans() {
        return new DynamoDbPlanStore(client, table);
    }

    public SubscriptionStore subscriptions() {
        return new DynamoDbSubscriptionStore(client, table);
    }

    public PaymentStore payments() {
        return new DynamoDbPaymentStore(client, table);
    }

    public CustomerStore customers() {
        return new DynamoDbCustomerStore(client, table);
    }

    public ProcessedEvents processedEvents() {
        return new DynamoDbProcessedEvents(client, table);
    }
}
