package dev.aibilling.domain.notifications;

import dev.aibilling.domain.events.DomainEvent;
import dev.aibilling.domain.plans.CachedPlans;
import dev.aibilling.domain.plans.Money;
import dev.aibilling.domain.plans.Plan;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a domain event into the email it calls for, sent at most once per event id: a
 * receipt for a payment, the failed-payment notice with the way to fix the card, the
 * confirmation of a cancellation, a resumption or a plan change, and the low-credit
 * warning. The user's settings (address, kinds turned off) and the deployment's
 * (kinds disabled) decide whether it goes out; a refused address is recorded, not retried.
 */
public final class Notifier {
    private static final int RELEASE_ATTEMPTS = 3;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);

    /** What became of one event. */
    public enum Outcome {
        SENT,
        /** This event's email was sent (or decided on) before: a redelivery. */
        DUPLICATE,
        /** The event calls for no email (e.g. a renewal's subscription update). */
        NOT_NOTIFIED,
        TURNED_OFF,
        NO_ADDRESS,
        UNDELIVERABLE
    }

    private final NotificationSettingsStore settings;
    private final NotificationLog log;
    private final EmailTemplates templates;
    private final EmailSender sender;
    private final CachedPlans plans;
    private final UnsubscribeLinks links;
    private final Branding branding;
    private final Set<NotificationKind> disabled;
    private final Clock clock;

    public Notifier(NotificationSettingsStore settings, NotificationLog log, EmailTemplates templates,
                    EmailSender sender, CachedPlans plans, UnsubscribeLinks links, Branding branding,
                    Set<NotificationKind> disabled, Clock clock) {
        this.settings = settings;
        this.log = log;
        this.templates = templates;
        this.sender = sender;
        this.plans = plans;
        this.links = links;
        this.branding = branding;
        this.disabled = disabled.isEmpty() ? Set.of() : Set.copyOf(disabled);
        this.clock = clock;
    }

    /**
     * The email an event calls for, before the user's settings are known; {@code billedTo}
     * is the address Stripe billed, when the event carries one.
     */
    private record Message(NotificationKind kind, String userId, String template, Map<String, String> values,
                           String billedTo) {
        Message(NotificationKind kind, String userId, String template, Map<String, String> values) {
            this(kind, userId, template, values, null);
        }
    }

    public Outcome handle(DomainEvent event) {
        Optional<Message> message = message(event);
        if (message.isEmpty()) {
            return Outcome.NOT_NOTIFIED;
        }
        Message m = message.get();
        if (disabled.contains(m.kind())) {
            return Outcome.TURNED_OFF;
        }
        Instant now = now();
        if (log.claim(event.id(), now) == NotificationLog.Claim.TAKEN) {
            return Outcome.DUPLICATE;
        }
        Email email;
        try {
            NotificationSettings user = settings.find(m.userId());
            if (!user.wants(m.kind())) {
                log.complete(event.id(), NotificationLog.Result.TURNED_OFF, m.kind().wireName(), now);
                return Outcome.TURNED_OFF;
            }
            Optional<String> to = user.recipient(m.billedTo());
            if (to.isEmpty()) {
                log.complete(event.id(), NotificationLog.Result.NO_ADDRESS, m.userId(), now);
                return Outcome.NO_ADDRESS;
            }
            email = email(event, m, to.get());
            // written down before sending: a record failing after the send would let the
            // event's redelivery send a second time
            log.complete(event.id(), NotificationLog.Result.SENT, m.template() + " to " + to.get(), now);
        } catch (RuntimeException e) {
            log.release(event.id(), now);
            throw e;
        }
        try {
            sender.send(email);
            return Outcome.SENT;
        } catch (EmailSender.Rejected e) {
            log.complete(event.id(), NotificationLog.Result.UNDELIVERABLE, e.getMessage(), now);
            return Outcome.UNDELIVERABLE;
        } catch (RuntimeException e) {
            // not sent: the event is delivered again, and that delivery sends
            giveBack(event.id(), now, e);
            throw e;
        }
    }

    /**
     * Releases the record of a send that failed. A release that fails leaves the email
     * recorded as sent, and lost, so it is tried more than once.
     */
    private void giveBack(String eventId, Instant claimedAt, RuntimeException sendFailure) {
        for (int attempt = 1; ; attempt++) {
            try {
                log.release(eventId, claimedAt);
                return;
            } catch (RuntimeException e) {
                if (attempt == RELEASE_ATTEMPTS) {
                    sendFailure.addSuppressed(e);
                    return;
                }
            }
        }
    }

    private Email email(DomainEvent event, Message m, String to) {
        Map<String, String> values = new HashMap<>(m.values());
        String unsubscribe = m.kind().optional() ? links.link(m.userId(), m.kind()) : null;
        values.put("unsubscribeUrl", unsubscribe == null ? "" : unsubscribe);
        values.put("productName", branding.productName());
        values.put("supportEmail", branding.supportEmail());
        values.put("billingPageUrl", branding.billingPageUrl());
        EmailTemplates.Rendered rendered = templates.render(m.template(), values);
        return new Email(to, rendered.subject(), rendered.text(), rendered.html(), unsubscribe, event.id());
    }

    private Optional<Message> message(DomainEvent event) {
        if (event instanceof DomainEvent.PaymentSucceeded paid) {
            String invoice = orElse(paid.hostedInvoiceUrl(), branding.billingPageUrl());
            return Optional.of(new Message(NotificationKind.RECEIPT, paid.userId(), "receipt", Map.of(
                    "planName", planName(paid.planId()),
                    "amount", MoneyFormat.format(new Money(paid.amount(), paid.currency())),
                    "period", paid.periodStart() == null || paid.periodEnd() == null ? "—"
                            : DATE.format(paid.periodStart()) + " – " + DATE.format(paid.periodEnd()),
                    "invoiceUrl", invoice,
                    "invoicePdfUrl", orElse(paid.invoicePdfUrl(), invoice),
                    "receiptUrl", orElse(paid.receiptUrl(), invoice)), paid.customerEmail()));
        }
        if (event instanceof DomainEvent.PaymentFailed failed) {
            return Optional.of(new Message(NotificationKind.PAYMENT_FAILED, failed.userId(), "payment-failed", Map.of(
                    "amount", MoneyFormat.format(new Money(failed.amount(), failed.currency())),
                    "nextAttempt", failed.nextPaymentAttempt() == null
                            ? "No further attempt is scheduled: pay the invoice to keep your plan."
                            : "We will try again on " + DATE.format(failed.nextPaymentAttempt()) + ".",
                    "invoiceUrl", orElse(failed.hostedInvoiceUrl(), branding.billingPageUrl())),
                    failed.customerEmail()));
        }
        if (event instanceof DomainEvent.SubscriptionChanged changed) {
            String template = switch (changed.change()) {
                case "cancellation_scheduled" -> "subscription-canceling";
                case "resumed" -> "subscription-resumed";
                case "plan_changed" -> "plan-changed";
                default -> null;
            };
            return template == null ? Optional.empty() : Optional.of(new Message(NotificationKind.SUBSCRIPTION,
                    changed.userId(), template, Map.of("planName", planName(changed.planId()),
                    "billingCycle", changed.billingCycle() == null ? "" : changed.billingCycle(),
                    "periodEnd", DATE.format(changed.currentPeriodEnd()))));
        }
        if (event instanceof DomainEvent.CreditsLow low) {
            return Optional.of(new Message(NotificationKind.CREDITS_LOW, low.userId(), "credits-low", Map.of(
                    "balance", String.format(Locale.US, "%,d", low.balance()),
                    "allowance", String.format(Locale.US, "%,d", low.allowance()),
                    "nextReset", low.nextResetAt() == null ? "your next renewal" : DATE.format(low.nextResetAt()))));
        }
        return Optional.empty();
    }

    private String planName(String planId) {
        return planId == null ? "your plan" : plans.plan(planId).map(Plan::name).orElse(planId);
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
