import com.google.gson.Gson;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs inside a fresh JVM with only one function's deployable jar on the class path:
 * constructs the handler named by the template (its no-argument constructor, as Lambda
 * does) and invokes it twice with a sample event. Prints JVM start to main, handler
 * construction, first and second invocation, in milliseconds. A proxy for a Lambda cold
 * start without Lambda: no SnapStart, no Firecracker, the same class loading and client
 * initialisation. Compiled and run by infra/bench/cold-start.sh.
 */
public final class ColdStartProbe {
    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        String[] handler = args[0].split("::");
        String event = Files.readString(Path.of(args[1]));

        long t0 = System.nanoTime();
        Class<?> type = Class.forName(handler[0]);
        Object instance = type.getDeclaredConstructor().newInstance();
        long t1 = System.nanoTime();
        Method method = null;
        for (Method candidate : type.getMethods()) {
            if (candidate.getName().equals(handler[1]) && candidate.getParameterCount() == 2 && !candidate.isBridge()) {
                method = candidate;
            }
        }
        Object context = context();
        // Lambda's runtime deserialises the event; the function's own Gson stands in for it here
        Object first = method.invoke(instance, new Gson().fromJson(event, method.getParameterTypes()[0]), context);
        long t2 = System.nanoTime();
        Object second = method.invoke(instance, new Gson().fromJson(event, method.getParameterTypes()[0]), context);
        long t3 = System.nanoTime();
        System.out.printf("%d %.1f %.1f %.1f %s%n", mainAt - jvmStart, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                status(first) + "/" + status(second));
    }

    /** A Lambda Context whose logger discards, built from the jar's own interface. */
    private static Object context() throws ClassNotFoundException {
        ClassLoader loader = ColdStartProbe.class.getClassLoader();
        Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger");
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context");
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, m, a) -> null);
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, m, a) -> switch (m.getName()) {
            case "getLogger" -> logger;
            case "getAwsRequestId" -> "cold-start-probe";
            default -> m.getReturnType() == int.class ? 0 : null;
        });
    }

    private static String status(Object response) throws Exception {
        try {
            return String.valueOf(response.getClass().getMethod("getStatusCode").invoke(response));
        } catch (NoSuchMethodException e) {
            return "ok";
        }
    }
}
