package dev.aibilling.function.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.emulator.SentEmail;
import dev.aibilling.testing.TestBilling;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `sam local invoke NotifyFunction -e events/notify-payment-succeeded.json` does, through moto's SES. */
class NotifySampleEventTest {

    @Test
    void theTemplateHandlerSendsTheReceiptOfTheSampleEventOnce() throws Exception {
        try (TestBilling billing = TestBilling.start()) {
            billing.applyToSystemProperties();
            billing.stores().notificationSettings().rememberStripeEmail("user-123", "user-123@example.com");
            LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "NotifyFunction");
            String event = Files.readString(ProjectPaths.events().resolve("notify-payment-succeeded.json"));
            int before = receipts(billing).size();

            assertEquals("\"SENT\"", function.invokeJson(event));
            assertEquals("\"DUPLICATE\"", function.invokeJson(event));

            List<SentEmail> receipts = receipts(billing);
            assertEquals(before + 1, receipts.size());
            assertEquals("Your Acme AI receipt: $19.00", receipts.get(receipts.size() - 1).subject());
        }
    }

    private static List<SentEmail> receipts(TestBilling billing) {
        return billing.table().emulator().sentEmails().stream().filter(e -> e.to().contains("user-123@example.com"))
                .toList();
    }
}
