package dev.aibilling.testing;

import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.eventbridge.EventBridgePublisher;
import dev.aibilling.adapter.processing.SignalProcessing;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.sqs.SqsRedelivery;
import dev.aibilling.adapter.sqs.SqsSignalQueue;
import dev.aibilling.adapter.webhook.StripeEnvelope;
import dev.aibilling.adapter.webhook.StripeSignatureVerifier;
import dev.aibilling.adapter.webhook.StripeWebhookIntake;
import dev.aibilling.domain.admin.AdminOperations;
import dev.aibilling.domain.billing.BillingSignalProcessor;
import dev.aibilling.domain.billing.CheckoutService;
import dev.aibilling.domain.billing.RefundObservations;
import dev.aibilling.domain.billing.SubscriptionManagement;
import dev.aibilling.domain.billing.SubscriptionObservations;
import dev.aibilling.domain.credits.CreditLedger;
import dev.aibilling.domain.notifications.NotificationPreferences;
import dev.aibilling.domain.notifications.UnsubscribeLinks;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.plans.PriceIds;
import dev.aibilling.domain.queries.BillingQueries;
import dev.aibilling.domain.reconcile.Reconciler;
import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.TestTable;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Everything the Stripe pipeline talks to, fresh for a test: the table (plans seeded with
 * the price ids below), the webhook queue and DLQ, an event bus with an observer queue,
 * and WireMock standing in for Stripe. Production adapters throughout.
 */
public record TestBilling(TestTable table, AwsEmulator.WebhookQueues queues, AwsEmulator.EventBus bus,
                          String stripeBus, StripeStub stripe, Config config) implements AutoCloseable {
    public static final String WEBHOOK_SECRET = "whsec_test_secret";
    public static final String PRO_MONTHLY = "price_pro_monthly";
    public static final String PRO_YEARLY = "price_pro_yearly";
    public static final String BUSINESS_MONTHLY = "price_business_monthly";
    public static final String BUSINESS_YEARLY = "price_business_yearly";
    public static final PriceIds PRICES = new PriceIds(PRO_MONTHLY, PRO_YEARLY, BUSINESS_MONTHLY, BUSINESS_YEARLY);
    public static final String SUCCESS_URL = "https://app.example.com/billing/success";
    public static final String CANCEL_URL = "https://app.example.com/billing/cancel";
    public static final String PORTAL_RETURN_URL = "https://app.example.com/account";
    public static final String API_URL = "https://api.example.com";
    public static final String UNSUBSCRIBE_SECRET = "test-unsubscribe-secret-0123456789abcdef";
    public static final String SENDER = "billing@example.com";
    /** The source of events from a Stripe event destination (the partner event source's name). */
    public static final String STRIPE_PARTNER_SOURCE = "aws.partner/stripe.com/ed_test_local";

    public static TestBilling start() {
        TestTable table = TestTable.onMoto();
        AwsEmulator emulator = table.emulator();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        AwsEmulator.WebhookQueues queues = emulator.createWebhookQueues("webhooks-" + suffix);
        AwsEmulator.EventBus bus = emulator.createEventBus("billing-" + suffix);
        String stripeBus = "stripe-" + suffix;
        emulator.createStripeEventRoute(stripeBus, queues.queueUrl());
        StripeStub stripe = new StripeStub();
        Map<String, String> settings = new HashMap<>(emulator.settings(table.name()));
        settings.put("QUEUE_URL", queues.queueUrl());
        settings.put("EVENT_BUS_NAME", bus.name());
        settings.put("STRIPE_API_BASE", stripe.baseUrl());
        settings.put("STRIPE_SECRET_KEY", StripeStub.SECRET_KEY);
        settings.put("STRIPE_WEBHOOK_SECRETS", WEBHOOK_SECRET);
        settings.put("STRIPE_LIVEMODE", "false");
        settings.put("CHECKOUT_SUCCESS_URL", SUCCESS_URL);
        settings.put("CHECKOUT_CANCEL_URL", CANCEL_URL);
        settings.put("BILLING_PORTAL_RETURN_URL", PORTAL_RETURN_URL);
        settings.put("BILLING_PAGE_URL", PORTAL_RETURN_URL);
        settings.put("API_URL", API_URL);
        settings.put("UNSUBSCRIBE_SECRET", UNSUBSCRIBE_SECRET);
        settings.put("NOTIFICATION_SENDER", SENDER);
        settings.put("PRODUCT_NAME", "Acme AI");
        settings.put("SUPPORT_EMAIL", "support@example.com");
        emulator.verifyEmailIdentity(SENDER);
        Config config = Config.of(settings);
        TestBilling billing = new TestBilling(table, queues, bus, stripeBus, stripe, config);
        billing.stores().plans().seed(PlanCatalog.plans(PRICES));
        return billing;
    }

    /** The production stores on this table; interceptors see their DynamoDB requests. */
    public DynamoDbStores stores(ExecutionInterceptor... interceptors) {
        return new DynamoDbStores(table.client(interceptors), table.name());
    }

    /** Makes the settings visible to handlers built by their no-argument constructors. */
    public void applyToSystemProperties() {
        Map<String, String> all = new HashMap<>(table.emulator().settings(table.name()));
        for (String name : List.of("QUEUE_URL", "EVENT_BUS_NAME", "STRIPE_API_BASE", "STRIPE_SECRET_KEY",
                "STRIPE_WEBHOOK_SECRETS", "STRIPE_LIVEMODE", "CHECKOUT_SUCCESS_URL", "CHECKOUT_CANCEL_URL",
                "BILLING_PORTAL_RETURN_URL", "BILLING_PAGE_URL", "API_URL", "UNSUBSCRIBE_SECRET", "NOTIFICATION_SENDER",
                "PRODUCT_NAME", "SUPPORT_EMAIL")) {
            all.put(name, config.required(name));
        }
        all.forEach(System::setProperty);
    }

    /** The processor on production adapters; interceptors see its DynamoDB and EventBridge requests. */
    public BillingSignalProcessor processor(ExecutionInterceptor... interceptors) {
        return processing(Clock.systemUTC(), interceptors).processor();
    }

    /** Signal processing as the functions wire it, reading time from {@code clock}. */
    public SignalProcessing processing(Clock clock, ExecutionInterceptor... interceptors) {
        return SignalProcessing.of(stores(interceptors), stripe.client(),
                EventBridgePublisher.fromConfig(config, interceptors), clock, Duration.ZERO);
    }

    /** The reconciler as its function wires it, on the emulators and the Stripe stub, reading time from {@code clock}. */
    public Reconciler reconciler(Clock clock, ExecutionInterceptor... interceptors) {
        return processing(clock, interceptors).reconciler();
    }

    /** Processes Stripe events as the webhook processor does (to set up state for other routes' tests). */
    public void deliver(String... events) {
        BillingSignalProcessor processor = processor();
        for (String event : events) {
            processor.process(StripeEnvelope.parse(event).notice());
        }
    }

    /** The user routes' subscription management on production adapters and the Stripe stub. */
    public SubscriptionManagement subscriptionManagement(ExecutionInterceptor... interceptors) {
        DynamoDbStores stores = stores(interceptors);
        Clock clock = Clock.systemUTC();
        return new SubscriptionManagement(stores.subscriptions(), stores.customers(), stores.plans(),
                observations(stores, new CreditLedger(stores.credits(), clock), clock), stripe.provider(),
                PORTAL_RETURN_URL, clock);
    }

    /** Support's operations on production adapters and the Stripe stub. */
    public AdminOperations adminOperations(ExecutionInterceptor... interceptors) {
        DynamoDbStores stores = stores(interceptors);
        Clock clock = Clock.systemUTC();
        CreditLedger ledger = new CreditLedger(stores.credits(), clock);
        return new AdminOperations(stores.payments(), new RefundObservations(stores.payments(), ledger), ledger,
                stores.auditLog(), stripe.provider(), clock);
    }

    public BillingQueries queries(ExecutionInterceptor... interceptors) {
        DynamoDbStores stores = stores(interceptors);
        return BillingQueries.of(stores.credits(), stores.plans(), stores.subscriptions(), stores.payments(),
                Clock.systemUTC());
    }

    private static SubscriptionObservations observations(DynamoDbStores stores, CreditLedger ledger, Clock clock) {
        return new SubscriptionObservations(stores.subscriptions(), new CachedPlans(stores.plans(), clock,
                Duration.ZERO), ledger);
    }

    public StripeWebhookIntake intake(Clock clock) {
        return new StripeWebhookIntake(() -> new StripeSignatureVerifier(List.of(WEBHOOK_SECRET), clock), false,
                SqsSignalQueue.fromConfig(config));
    }

    /** What the processor holds rate-limited messages back with: the webhook queue of this run. */
    public SqsRedelivery redelivery() {
        return new SqsRedelivery(table.emulator().sqs(), queues.queueUrl());
    }

    /** Notification settings on this table, with unsubscribe links signed by the test secret. */
    public NotificationPreferences notificationPreferences() {
        return new NotificationPreferences(stores().notificationSettings(), unsubscribeLinks());
    }

    public UnsubscribeLinks unsubscribeLinks() {
        return new UnsubscribeLinks(() -> UNSUBSCRIBE_SECRET, API_URL);
    }

    public CheckoutService checkout() {
        return checkout(Clock.systemUTC());
    }

    public CheckoutService checkout(Clock clock, ExecutionInterceptor... interceptors) {
        DynamoDbStores stores = stores(interceptors);
        return new CheckoutService(stores.plans(), stores.subscriptions(), stores.customers(), stripe.provider(),
                SUCCESS_URL, CANCEL_URL, clock);
    }

    @Override
    public void close() {
        stripe.close();
    }
}
