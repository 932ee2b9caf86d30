package dev.aibilling.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Optional;

/**
 * Latency of POST /api/credits/consume through the local runtime (HTTP server, authorizer,
 * event serialisation, handler, one TransactWriteItems on moto), sequential, after a
 * warm-up. A benchmark, not a test: it prints numbers and asserts nothing. moto copies a
 * table on every transaction, so latency grows with the data a run has written; the
 * default (100 requests) stays near a fresh table.
 *   java -cp infra/local/target/billing-local.jar dev.aibilling.local.ConsumeLatencyBenchmark [requests]
 */
public final class ConsumeLatencyBenchmark {
    private static final int WARM_UP = 20;

    private ConsumeLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        try (LocalBilling billing = LocalBilling.start(new LocalSettings(0, Optional.empty(),
                LocalSettings.OFFLINE_PRICE_IDS, LocalSettings.OFFLINE_WEBHOOK_SECRET))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // a large allowance so no request is refused for credits: 1 credit each
            long[] nanos = new long[requests];
            for (int i = 0; i < WARM_UP + requests; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(billing.baseUrl() + "/api/credits/consume"))
                        .header("Authorization", "Bearer " + billing.serviceCredential())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"bench-" + (i / 90) + "\",\"amount\":1,"
                                + "\"idempotencyKey\":\"bench-" + i + "\",\"description\":\"benchmark\"}"))
                        .build();
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long elapsed = System.nanoTime() - start;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("consume answered " + response.statusCode() + ": " + response.body());
                }
                if (i >= WARM_UP) {
                    nanos[i - WARM_UP] = elapsed;
                }
            }
            report("POST /api/credits/consume", nanos, requests);
            // the same HTTP path without a function or moto behind it: the runtime's own share
            long[] health = new long[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                http.send(HttpRequest.newBuilder(URI.create(billing.baseUrl() + "/local/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                health[i] = System.nanoTime() - start;
            }
            report("GET /local/health", health, requests);
        }
    }

    private static void report(String what, long[] nanos, int requests) {
        Arrays.sort(nanos);
        System.out.printf("%s via the local runtime, %d sequential requests after %d warm-up:%n", what, requests, WARM_UP);
        System.out.printf("  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", ms(nanos, 0.50), ms(nanos, 0.90),
                ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
