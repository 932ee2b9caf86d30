package dev.aibilling.emulator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Invokes a function the way the Lambda Java runtime does, without Docker: the class and
 * method come from the {@code Handler:} string in template.yaml, the handler is built with
 * its no-argument constructor, and the event JSON is deserialised with the runtime's own
 * serialisers. What {@code sam local invoke -e events/...} does, in-process.
 */
public final class LambdaInvoker {
    private final String functionName;
    private final Object handler;
    private final Method method;
    private final Class<?> eventType;

    private LambdaInvoker(String functionName, Object handler, Method method) {
        this.functionName = functionName;
        this.handler = handler;
        this.method = method;
        this.eventType = method.getParameterTypes()[0];
    }

    /** Builds the handler named by function resource {@code logicalId}. */
    public static LambdaInvoker forFunction(SamTemplate template, String logicalId) {
        Map<String, Object> properties = template.properties(logicalId);
        String handlerString = (String) properties.get("Handler");
        if (handlerString == null) {
            throw new IllegalArgumentException(logicalId + " has no Handler in template.yaml");
        }
        String[] parts = handlerString.split("::", 2);
        String methodName = parts.length == 2 ? parts[1] : "handleRequest";
        try {
            Class<?> type = Class.forName(parts[0]);
            Method method = Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(methodName) && m.getParameterCount() == 2
                            && m.getParameterTypes()[1] == Context.class && !m.isBridge())
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(handlerString + " has no (event, Context) method"));
            return new LambdaInvoker(logicalId, type.getDeclaredConstructor().newInstance(), method);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build handler " + handlerString + " of " + logicalId, e);
        }
    }

    /** Invokes with an event given as JSON and returns the response as JSON. */
    public String invokeJson(String eventJson) {
        Object response = invoke(serializer(eventType).fromJson(eventJson));
        if (response == null) {
            return "null";
        }
        return toJson(response);
    }

    /** Invokes with an event given as JSON and returns the handler's typed response. */
    public Object invoke(Object event) {
        Context context = new LocalContext(functionName);
        try {
            return method.invoke(handler, event, context);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> String toJson(T value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer((Class<T>) value.getClass()).toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        ClassLoader loader = LambdaInvoker.class.getClassLoader();
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return LambdaEventSerializers.serializerFor(type, loader);
        }
        return (PojoSerializer<T>) JacksonFactory.getInstance().getSerializer(type);
    }
}
