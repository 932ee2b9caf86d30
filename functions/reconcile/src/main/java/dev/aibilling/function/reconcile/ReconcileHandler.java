package dev.aibilling.function.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.eventbridge.EventBridgePublisher;
import dev.aibilling.adapter.processing.SignalProcessing;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.runtime.EmbeddedMetrics;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.adapter.stripe.StripeClients;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.reconcile.Reconciler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scheduled reconciliation (EventBridge Scheduler; README, "Reconciliation"). The
 * event carries nothing the run needs. It works until shortly before the function's
 * timeout and reports as one structured log line, embedded metrics and a
 * ReconciliationCompleted domain event.
 */
public final class ReconcileHandler implements RequestHandler<Map<String, Object>, String> {
    static final String FUNCTION = "reconcile";
    /** Left for the report and the request in flight when the budget runs out. */
    static final Duration MARGIN = Duration.ofSeconds(20);

    private final Reconciler reconciler;
    private final Clock clock;

    public ReconcileHandler() {
        this(Config.fromEnvironment());
    }

    private ReconcileHandler(Config config) {
        this(reconciler(config, Clocks.fromConfig(config)), Clocks.fromConfig(config));
    }

    public ReconcileHandler(Reconciler reconciler, Clock clock) {
        this.reconciler = reconciler;
        this.clock = clock;
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        Instant deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
        Reconciler.Result result = reconciler.run(deadline);
        DomainEvent.ReconciliationCompleted report = result.report();
        LambdaLogger log = context.getLogger();
        result.problems().forEach(problem -> log.log("WARN reconciliation: " + problem));
        String line = Json.write(report);
        log.log("reconciliation " + line);
        if (report.checkpointStale()) {
            log.log("ERROR reconciliation: the event checkpoint was older than Stripe's 30-day retention; events "
                    + "before " + report.checkpoint() + " minus 30 days could not be checked");
        }
        if (report.eventFailed() != null) {
            log.log("ERROR reconciliation: Stripe event " + report.eventFailed() + " failed; the checkpoint stays "
                    + "before it and the next run tries again");
        }
        if (report.auditViolations() > 0) {
            log.log("ERROR reconciliation: " + report.auditViolations() + " accounts whose balance is not the sum "
                    + "of their ledger (LedgerDiscrepancyFound events name them); nothing was rewritten");
        }
        log.log(EmbeddedMetrics.line(Clock.systemUTC(), FUNCTION, metrics(report), Map.of("runId", report.id())));
        return line;
    }

    private static Map<String, Long> metrics(DomainEvent.ReconciliationCompleted report) {
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("Refills", report.refills());
        metrics.put("RefillsFailed", report.refillsFailed());
        metrics.put("EventsReplayed", report.eventsApplied());
        metrics.put("EventsFailed", report.eventFailed() == null ? 0L : 1L);
        metrics.put("CheckpointStale", report.checkpointStale() ? 1L : 0L);
        metrics.put("AccountsAudited", report.accountsAudited());
        metrics.put("AuditViolations", report.auditViolations());
        metrics.put("SubscriptionsChecked", report.subscriptionsChecked());
        metrics.put("SubscriptionsCorrected", report.subscriptionsCorrected());
        metrics.put("RunIncomplete", report.complete() ? 0L : 1L);
        return metrics;
    }

    private static Reconciler reconciler(Config config, Clock clock) {
        return SignalProcessing.of(DynamoDbStores.fromConfig(config),
                StripeClients.fromConfig(config, Secrets.fromConfig(config)), EventBridgePublisher.fromConfig(config),
                clock).reconciler();
    }
}
