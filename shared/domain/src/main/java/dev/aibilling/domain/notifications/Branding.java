package dev.aibilling.domain.notifications;

/**
 * What every email says about who sends it: the product's name, the address replies and
 * questions go to, and the product's billing page (where a signed-in user opens the
 * billing portal to change their card, plan or cancellation).
 */
public record Branding(String productName, String supportEmail, String billingPageUrl) {
}
