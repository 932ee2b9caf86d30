package dev.aibilling.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The moto emulator as a child process, single-threaded (infra/moto_server.py says why).
 * The script binds a free port and prints it, so start-up waits for that line instead of
 * polling a port.
 */
public final class MotoServer implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("moto listening on (\\d+)");

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts moto on {@code port} (0: any free port) and returns once it accepts requests. */
    public static MotoServer start(int port) {
        Path python = ProjectPaths.python();
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("moto is not installed: run infra/tools.sh (expected " + python + ")");
        }
        Path script = ProjectPaths.root().resolve("infra/moto_server.py");
        try {
            // stdin stays a pipe from this JVM: when the JVM dies, however, moto sees it close and exits
            Process process = new ProcessBuilder(List.of(python.toString(), script.toString(),
                    "--port", Integer.toString(port), "--exit-when-stdin-closes"))
                    .redirectErrorStream(true)
                    .start();
            BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = output.readLine()) != null; ) {
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    drain(output);
                    MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + ready.group(1)));
                    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                    return server;
                }
                seen.append(line).append('\n');
            }
            throw new IllegalStateException("moto exited before it was ready:\n" + seen);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start moto with " + python, e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
    }

    /** moto logs every request; keep reading so a full pipe never blocks it. */
    private static void drain(BufferedReader output) {
        Thread drainer = new Thread(() -> {
            try {
                while (output.readLine() != null) {
                    // discarded: request logs
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "moto-output");
        drainer.setDaemon(true);
        drainer.start();
    }
}
