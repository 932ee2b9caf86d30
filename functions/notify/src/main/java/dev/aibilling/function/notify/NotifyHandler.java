package dev.aibilling.function.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.email.SesEmailSender;
import dev.aibilling.adapter.runtime.Clocks;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.runtime.DomainEventJson;
import dev.aibilling.adapter.runtime.Json;
import dev.aibilling.adapter.secrets.Secrets;
import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.notifications.Branding;
import dev.aibilling.domain.notifications.NotificationKind;
import dev.aibilling.domain.notifications.Notifier;
import dev.aibilling.domain.notifications.UnsubscribeLinks;
import dev.aibilling.domain.plans.CachedPlans;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The billing bus's notifications (EventBridge rules on the bus invoke it with one event):
 * the email a domain event calls for, through SES, once per event id. A throttle or an SES
 * outage fails the invocation, so Lambda retries it and then parks it in the DLQ.
 */
public final class NotifyHandler implements RequestHandler<Map<String, Object>, String> {
    static final String UNSUBSCRIBE_SECRET = "UNSUBSCRIBE_SECRET";

    private final Notifier notifier;

    public NotifyHandler() {
        this(Config.fromEnvironment());
    }

    private NotifyHandler(Config config) {
        this(notifier(config, Clocks.fromConfig(config)));
    }

    public NotifyHandler(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        DomainEvent domainEvent = DomainEventJson.parse(String.valueOf(event.get("detail-type")),
                Json.write(event.get("detail")));
        Notifier.Outcome outcome = notifier.handle(domainEvent);
        context.getLogger().log("notification event=" + domainEvent.id() + " type=" + domainEvent.detailType()
                + " outcome=" + outcome);
        return outcome.name();
    }

    private static Notifier notifier(Config config, Clock clock) {
        DynamoDbStores stores = DynamoDbStores.fromConfig(config);
        Secrets secrets = Secrets.fromConfig(config);
        Set<NotificationKind> disabled = Arrays.stream(config.optional("DISABLED_NOTIFICATIONS").orElse("").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(NotificationKind::fromWireName)
                .collect(Collectors.toUnmodifiableSet());
        return new Notifier(stores.notificationSettings(), stores.notificationLog(), new ClasspathEmailTemplates(),
                SesEmailSender.fromConfig(config, clock), new CachedPlans(stores.plans(), clock, CachedPlans.DEFAULT_TTL),
                new UnsubscribeLinks(() -> secrets.get(UNSUBSCRIBE_SECRET), config.required("API_URL")),
                new Branding(config.required("PRODUCT_NAME"), config.required("SUPPORT_EMAIL"),
                        config.required("BILLING_PAGE_URL")),
                disabled, clock);
    }
}
