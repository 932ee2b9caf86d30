package dev.aibilling.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aibilling.adapter.runtime.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalSettingsTest {
    @Test
    void withoutAStripeKeyTheRuntimeIsOfflineOnPort3000() {
        LocalSettings settings = LocalSettings.from(Config.of(Map.of()));

        assertTrue(settings.offline());
        assertEquals(3000, settings.port());
        assertEquals(LocalSettings.OFFLINE_WEBHOOK_SECRET, settings.webhookSecret());
    }

    @Test
    void onlineModeNamesWhatIsMissing() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
                LocalSettings.from(Config.of(Map.of("STRIPE_SECRET_KEY", "sk_test_123"))));
        assertTrue(error.getMessage().contains("STRIPE_PRO_MONTHLY_PRICE_ID"), error.getMessage());
    }

    @Test
    void aLiveKeyIsRefusedLocally() {
        assertThrows(IllegalArgumentException.class, () ->
                LocalSettings.from(Config.of(Map.of("STRIPE_SECRET_KEY", "sk_live_123"))));
    }

    @Test
    void aBadPortIsNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
                LocalSettings.from(Config.of(Map.of("PORT", "http"))));
        assertTrue(error.getMessage().contains("PORT"));
    }
}
