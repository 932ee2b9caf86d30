package dev.aibilling.adapter.runtime;

import dev.aibilling.domain.events.DomainEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Domain events as they travel on the bus: the record's name is the detail type, its
 * components the detail (domain-events.schema.json), and back.
 */
public final class DomainEventJson {
    private static final Map<String, Class<?>> TYPES = Arrays.stream(DomainEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private DomainEventJson() {
    }

    public static String detail(DomainEvent event) {
        return Json.write(event);
    }

    /** The event of this detail type; IllegalArgumentException for a type this build does not know. */
    public static DomainEvent parse(String detailType, String detail) {
        Class<?> type = TYPES.get(detailType);
        if (type == null) {
            throw new IllegalArgumentException("Not a billing domain event: " + detailType);
        }
        return (DomainEvent) Json.read(detail, type);
    }
}
