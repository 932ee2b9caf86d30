package dev.aibilling.function.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stripe.Stripe;
import dev.aibilling.emulator.stripe.StripeObjects;
import org.junit.jupiter.api.Test;

class StripeApiVersionTest {
    @Test
    void fixturesAndTheOfflineStripeSpeakTheVersionStripeJavaPins() {
        assertEquals(Stripe.API_VERSION, StripeObjects.API_VERSION,
                "stripe-java was upgraded: update StripeObjects' shapes, the README and the webhook endpoint version");
    }
}
