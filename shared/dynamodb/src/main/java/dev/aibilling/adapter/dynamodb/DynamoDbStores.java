package dev.aibilling.adapter.dynamodb;

import dev.aibilling.adapter.runtime.AwsClients;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.domain.audit.AuditLog;
import dev.aibilling.domain.billing.CustomerStore;
import dev.aibilling.domain.billing.ProcessedSignals;
import dev.aibilling.domain.billing.UnmatchedNotices;
import dev.aibilling.domain.credits.CreditStore;
import dev.aibilling.domain.notifications.NotificationLog;
import dev.aibilling.domain.notifications.NotificationSettingsStore;
import dev.aibilling.domain.payments.PaymentStore;
import dev.aibilling.domain.plans.PlanStore;
import dev.aibilling.domain.reconcile.AccountSweep;
import dev.aibilling.domain.reconcile.LiveSubscriptions;
import dev.aibilling.domain.reconcile.ReconcileStateStore;
import dev.aibilling.domain.reconcile.RefillSchedule;
import dev.aibilling.domain.subscriptions.SubscriptionStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The stores of the one billing table, sharing one client. */
public record DynamoDbStores(DynamoDbClient client, String table) {
    public static final String TABLE_NAME = "TABLE_NAME";

    public static DynamoDbStores fromConfig(Config config) {
        return new DynamoDbStores(AwsClients.build(DynamoDbClient.builder(), config), config.required(TABLE_NAME));
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

    public AuditLog auditLog() {
        return new DynamoDbAuditLog(client, table);
    }

    public UnmatchedNotices unmatchedNotices() {
        return new DynamoDbUnmatchedNotices(client, table);
    }

    public ProcessedSignals processedSignals() {
        return new DynamoDbProcessedSignals(client, table);
    }

    public RefillSchedule refillSchedule() {
        return new DynamoDbRefillSchedule(client, table);
    }

    public LiveSubscriptions liveSubscriptions() {
        return new DynamoDbLiveSubscriptions(client, table);
    }

    public AccountSweep accountSweep() {
        return new DynamoDbAccountSweep(client, table);
    }

    public NotificationSettingsStore notificationSettings() {
        return new DynamoDbNotificationSettings(client, table);
    }

    public NotificationLog notificationLog() {
        return new DynamoDbNotificationLog(client, table);
    }

    public ReconcileStateStore reconcileState() {
        return new DynamoDbReconcileState(client, table);
    }
}
