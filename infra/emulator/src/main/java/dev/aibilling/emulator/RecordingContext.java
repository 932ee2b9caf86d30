package dev.aibilling.emulator;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda context whose logger keeps every line, so tests can read what a function logged (metrics included). */
public final class RecordingContext implements Context {
    private final LocalContext context;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public RecordingContext(String functionName) {
        this.context = new LocalContext(functionName);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public String getAwsRequestId() {
        return context.getAwsRequestId();
    }

    @Override
    public String getLogGroupName() {
        return context.getLogGroupName();
    }

    @Override
    public String getLogStreamName() {
        return context.getLogStreamName();
    }

    @Override
    public String getFunctionName() {
        return context.getFunctionName();
    }

    @Override
    public String getFunctionVersion() {
        return context.getFunctionVersion();
    }

    @Override
    public String getInvokedFunctionArn() {
        return context.getInvokedFunctionArn();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return context.getRemainingTimeInMillis();
    }

    @Override
    public int getMemoryLimitInMB() {
        return context.getMemoryLimitInMB();
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                lines.add(message);
            }

            @Override
            public void log(byte[] message) {
                lines.add(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
