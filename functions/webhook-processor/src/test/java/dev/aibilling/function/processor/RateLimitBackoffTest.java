package dev.aibilling.function.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitBackoffTest {

    @ParameterizedTest(name = "receive {0}: {1} s and up to a fifth more")
    @CsvSource({"1, 300", "2, 600", "3, 1200", "4, 2400", "5, 4800", "6, 7200", "40, 7200", "2147483647, 7200"})
    void theHoldBackDoublesFromFiveMinutesToTwoHours(String receives, long base) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setAttributes(Map.of("ApproximateReceiveCount", receives));

        for (int i = 0; i < 50; i++) {
            long seconds = StripeWebhookProcessorHandler.backoff(message).toSeconds();
            assertTrue(seconds >= base && seconds <= base + base / 5, seconds + " s");
        }
    }

    @Test
    void aMessageWithoutAReceiveCountIsHeldBackAsAtItsFirstReceive() {
        long seconds = StripeWebhookProcessorHandler.backoff(new SQSEvent.SQSMessage()).toSeconds();

        assertTrue(seconds >= 300 && seconds <= 360, seconds + " s");
    }
}
