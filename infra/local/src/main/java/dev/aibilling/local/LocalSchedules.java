package dev.aibilling.local;

import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.SamTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's scheduled functions, run on their rate() schedules, and on demand through
 * POST /local/schedules/{FunctionLogicalId}. cron() schedules run on demand only.
 */
final class LocalSchedules implements AutoCloseable {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    private final Map<String, LambdaInvoker> functions = new LinkedHashMap<>();
    private final Map<String, String> expressions = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "schedules");
        thread.setDaemon(true);
        return thread;
    });

    LocalSchedules(SamTemplate template, Map<String, LambdaInvoker> handlers) {
        for (SamTemplate.Schedule schedule : template.schedules()) {
            functions.put(schedule.functionId(), handlers.get(schedule.functionId()));
            expressions.put(schedule.functionId(), schedule.expression());
        }
    }

    void start() {
        expressions.forEach((function, expression) -> period(expression).ifPresent(period ->
                timer.scheduleAtFixedRate(() -> trigger(function), period.toMillis(), period.toMillis(),
                        TimeUnit.MILLISECONDS)));
    }

    Map<String, String> schedules() {
        return expressions;
    }

    /** Invokes the function with a scheduled event now; empty if it has no schedule. */
    Optional<String> trigger(String function) {
        LambdaInvoker invoker = functions.get(function);
        if (invoker == null) {
            return Optional.empty();
        }
        String event = "{\"version\":\"0\",\"id\":\"local-" + Instant.now().toEpochMilli() + "\","
                + "\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\"000000000000\","
                + "\"time\":\"" + Instant.now() + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}";
        try {
            return Optional.of(invoker.invokeJson(event));
        } catch (RuntimeException e) {
            System.err.println("schedule " + function + " failed: " + e);
            return Optional.of("{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    static Optional<Duration> period(String expression) {
        Matcher rate = RATE.matcher(expression.trim().toLowerCase(Locale.ROOT));
        if (!rate.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(rate.group(1));
        return Optional.of(switch (rate.group(2).replaceAll("s$", "")) {
            case "minute" -> Duration.ofMinutes(amount);
            case "hour" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
