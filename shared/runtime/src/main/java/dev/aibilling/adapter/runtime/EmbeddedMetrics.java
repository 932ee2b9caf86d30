package dev.aibilling.adapter.runtime;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics in embedded metric format: one JSON log line that CloudWatch turns
 * into metrics, with no SDK call and no extra request. Values are counts.
 */
public final class EmbeddedMetrics {
    public static final String NAMESPACE = "AIBilling";

    private EmbeddedMetrics() {
    }

    /**
     * The log line for {@code metrics} (name to count) of {@code function}, with
     * {@code properties} searchable in CloudWatch Logs Insights beside them.
     */
    public static String line(Clock clock, String function, Map<String, Long> metrics, Map<String, ?> properties) {
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(List.of("Function")));
        directive.put("Metrics", metrics.keySet().stream().map(name -> Map.of("Name", name, "Unit", "Count")).toList());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_aws", Map.of("Timestamp", clock.millis(), "CloudWatchMetrics", List.of(directive)));
        document.put("Function", function);
        document.putAll(metrics);
        document.putAll(properties);
        return Json.write(document);
    }
}
