package dev.aibilling.adapter.email;

import dev.aibilling.adapter.runtime.AwsClients;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.domain.notifications.Email;
import dev.aibilling.domain.notifications.EmailSender;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Sends through Amazon SES v2 as raw MIME (both bodies, and the unsubscribe headers). An
 * address SES rejects for good is {@link EmailSender.Rejected}; a throttle or outage is
 * thrown as is, so the event is delivered again.
 */
public final class SesEmailSender implements EmailSender {
    public static final String SENDER = "NOTIFICATION_SENDER";
    private static final Set<String> THROTTLES = Set.of("TooManyRequestsException", "LimitExceededException",
            "Throttling", "ThrottlingException");

    private final SesV2Client ses;
    private final String from;
    private final Clock clock;

    public SesEmailSender(SesV2Client ses, String from, Clock clock) {
        this.ses = ses;
        this.from = from;
        this.clock = clock;
    }

    public static SesEmailSender fromConfig(Config config, Clock clock) {
        return new SesEmailSender(AwsClients.build(SesV2Client.builder(), config), config.required(SENDER), clock);
    }

    @Override
    public void send(Email email) {
        String raw = MimeMessage.render(from, email, clock.instant().atZone(ZoneOffset.UTC));
        try {
            ses.sendEmail(s -> s.fromEmailAddress(from).destination(d -> d.toAddresses(email.to()))
                    .content(c -> c.raw(r -> r.data(SdkBytes.fromString(raw, StandardCharsets.UTF_8)))));
        } catch (AccountSuspendedException e) {
            throw new IllegalStateException("SES suspended sending for this account: " + e.getMessage(), e);
        } catch (SesV2Exception e) {
            // a 400 that is not a throttle is about this message (an invalid or suppressed
            // address): sending it again would be refused again
            if (e.statusCode() == 400 && !THROTTLES.contains(e.awsErrorDetails().errorCode())) {
                throw new Rejected(e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
            }
            throw e;
        }
    }
}
