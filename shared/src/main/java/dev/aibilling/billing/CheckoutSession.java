package dev.aibilling.billing;

public record CheckoutSession(String id, String url) {
}
