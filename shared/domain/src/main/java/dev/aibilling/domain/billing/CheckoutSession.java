package dev.aibilling.domain.billing;

public record CheckoutSession(String id, String url) {
}
