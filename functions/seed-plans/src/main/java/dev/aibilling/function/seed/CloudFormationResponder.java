package dev.aibilling.function.seed;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import dev.aibilling.adapter.runtime.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Answers a custom resource request by PUTting the result to its pre-signed ResponseURL. */
public class CloudFormationResponder {

    public void send(CloudFormationCustomResourceEvent event, boolean success, String reason, String physicalId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", success ? "SUCCESS" : "FAILED");
        body.put("Reason", reason);
        body.put("PhysicalResourceId", physicalId);
        body.put("StackId", event.getStackId());
        body.put("RequestId", event.getRequestId());
        body.put("LogicalResourceId", event.getLogicalResourceId());
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(event.getResponseUrl()).toURL().openConnection();
            connection.setRequestMethod("PUT");
            connection.setDoOutput(true);
            // The pre-signed URL was signed without a content type; sending one breaks the signature.
            connection.setRequestProperty("Content-Type", "");
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                throw new IllegalStateException("CloudFormation response URL answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot answer CloudFormation", e);
        }
    }
}
