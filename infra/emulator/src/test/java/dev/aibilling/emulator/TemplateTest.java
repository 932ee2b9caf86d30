package dev.aibilling.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/** template.yaml is valid, and names the same modules, jars and sample events the repository has. */
class TemplateTest {
    private final SamTemplate template = SamTemplate.load();

    @Test
    void cfnLintFindsNothing() throws Exception {
        Path cfnLint = ProjectPaths.root().resolve(".tools/venv/bin/cfn-lint");
        assertTrue(Files.isExecutable(cfnLint), "cfn-lint is installed by infra/tools.sh");
        Process lint = new ProcessBuilder(cfnLint.toString(), ProjectPaths.template().toString())
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, lint.waitFor(), output);
    }

    /**
     * SAM's own translator accepts the template (cfn-lint lets some SAM mistakes through),
     * and the routes it builds are the routes the local runtime reads from the template.
     */
    @Test
    void theSamTranslatorAcceptsTheTemplateWithTheRoutesTheLocalRuntimeServes() throws Exception {
        Set<String> translated = new HashSet<>();
        translated().getAsJsonArray("routes").forEach(route -> translated.add(route.getAsString()));
        Set<String> read = template.httpRoutes().stream()
                .map(r -> r.method() + " " + r.path() + " " + r.authorizer()).collect(Collectors.toSet());
        assertEquals(translated, read);
        assertTrue(read.stream().noneMatch(route -> route.contains("$default")),
                "no $default route: API Gateway answers unknown routes without invoking a function");
    }

    /** Security finding 1: the processor parses untrusted payloads and may read and delete its own queue only. */
    @Test
    void noRoleCanPollEveryQueueAndTheProcessorPollsOnlyTheWebhookQueue() throws Exception {
        JsonObject roles = translated().getAsJsonObject("roles");
        int sqsStatements = 0;
        for (String role : roles.keySet()) {
            JsonObject definition = roles.getAsJsonObject(role);
            assertFalse(definition.get("managed").toString().contains("AWSLambdaSQSQueueExecutionRole"), role);
            for (JsonElement statement : definition.getAsJsonArray("statements")) {
                if (statement.getAsJsonObject().get("Action").toString().contains("sqs:ReceiveMessage")) {
                    sqsStatements++;
                    assertEquals("{\"Fn::GetAtt\":[\"WebhookQueue\",\"Arn\"]}",
                            statement.getAsJsonObject().get("Resource").toString(), role);
                }
            }
        }
        assertEquals(1, sqsStatements, "the processor polls through its own scoped statement");
        assertEquals(Map.of("WebhookProcessorFunction", "WebhookQueue"), template.queueConsumers());
    }

    /** Security finding 2: the public surface has limits. */
    @Test
    void thePublicSurfaceIsThrottledAndCapped() {
        for (String function : List.of("WebhookIntakeFunction", "ConsumeCreditsFunction")) {
            assertTrue(template.properties(function).containsKey("ReservedConcurrentExecutions"), function);
        }
        Map<String, Object> api = template.properties("HttpApi");
        assertTrue(SamTemplate.map(api.get("DefaultRouteSettings")).containsKey("ThrottlingRateLimit"));
        assertTrue(SamTemplate.map(api.get("RouteSettings")).containsKey("POST /api/create-checkout"));
        assertTrue(String.valueOf(SamTemplate.map(api.get("AccessLogSettings")).get("Format"))
                .contains("$context.identity.userArn"), "the access log names the caller of a consume");
    }

    /** Security finding 8: least privilege for secrets and data; no example URL ships as a default. */
    @Test
    void secretsAndPartitionsAreScopedAndNoExampleUrlIsADefault() throws Exception {
        String text = Files.readString(ProjectPaths.template());
        assertFalse(text.contains("secret:${StripeSecretKeySecretId}-*"));
        assertFalse(text.contains("secret:${StripeWebhookSecretsSecretId}-*"));
        assertTrue(text.contains("secret:${StripeSecretKeySecretId}-??????"));
        assertFalse(text.contains("example.com/billing/success?session_id={CHECKOUT_SESSION_ID}\n"));
        for (String parameter : List.of("CheckoutSuccessUrl", "CheckoutCancelUrl", "BillingPortalReturnUrl")) {
            assertThrows(IllegalArgumentException.class, () -> template.parameterDefault(parameter), parameter);
        }
        for (String function : List.of("ConsumeCreditsFunction", "QueriesFunction", "CreateCheckoutFunction",
                "SubscriptionsFunction")) {
            assertTrue(String.valueOf(template.properties(function).get("Policies")).contains("dynamodb:LeadingKeys"),
                    function + " reaches only its partitions");
        }
    }

    /** The IaC scanner passes: every finding fixed or suppressed in the template with its reason. */
    @Test
    void checkovFindsNothingUnjustified() throws Exception {
        Path checkov = ProjectPaths.root().resolve(".tools/checkov/bin/checkov");
        assertTrue(Files.isExecutable(checkov), "checkov is installed by infra/tools.sh");
        // --skip-download: no guideline download from Prisma Cloud (CI has no route to it)
        Process scan = new ProcessBuilder(checkov.toString(), "-f", ProjectPaths.template().toString(), "--quiet",
                "--compact", "--skip-download").redirectErrorStream(true).start();
        String output = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, scan.waitFor(), output);
    }

    private static JsonObject translated() throws Exception {
        Process translate = new ProcessBuilder(ProjectPaths.python().toString(),
                ProjectPaths.root().resolve("infra/validate_template.py").toString(), ProjectPaths.template().toString())
                .start();
        String output = new String(translate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(translate.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, translate.waitFor(), errors);
        return JsonParser.parseString(output).getAsJsonObject();
    }

    /**
     * One function, one module, one sample event, and one `sam build` target that copies
     * that module's jar (infra/sam/Makefile), so template and build cannot drift apart.
     */
    @Test
    void everyFunctionIsAModuleWithItsOwnBuildTargetAndASampleEvent() throws IOException {
        List<String> functions = template.logicalIdsOfType("AWS::Serverless::Function");
        String makefile = Files.readString(ProjectPaths.root().resolve("infra/sam/Makefile"));
        assertFalse(functions.isEmpty());
        for (String function : functions) {
            Map<String, Object> properties = template.properties(function);
            String codeUri = (String) properties.get("CodeUri");
            String module = codeUri.substring("functions/".length());
            assertEquals("functions/" + module, codeUri, function);
            assertTrue(Files.isRegularFile(ProjectPaths.root().resolve("functions/" + module + "/pom.xml")), function);
            Map<String, Object> metadata = SamTemplate.map(template.resource(function).get("Metadata"));
            assertEquals(List.of("makefile", "infra/sam", "."), List.of(metadata.get("BuildMethod"),
                    metadata.get("ContextPath"), metadata.get("WorkingDirectory")), function);
            assertTrue(makefile.contains("$(eval $(call function," + function + "," + module + "))"),
                    function + " needs its build target in infra/sam/Makefile");
            try (Stream<Path> events = Files.list(ProjectPaths.events())) {
                assertTrue(events.anyMatch(e -> e.getFileName().toString().startsWith(module)),
                        function + " needs a sample event events/" + module + "*.json");
            }
            assertTrue(((String) properties.get("Handler")).endsWith("Handler::handleRequest"), function);
        }
    }

    @Test
    void theTableDefinitionReadsAsACreateTableRequest() {
        CreateTableRequest table = template.createTableRequest(AwsEmulator.TABLE_RESOURCE, "t");

        assertEquals(List.of("PK", "SK"), table.keySchema().stream().map(k -> k.attributeName()).toList());
        assertEquals("GSI1", table.globalSecondaryIndexes().get(0).indexName());
        assertEquals("PAY_PER_REQUEST", table.billingModeAsString());
        assertEquals("expiresAt", template.timeToLiveAttribute(AwsEmulator.TABLE_RESOURCE));
    }

    @Test
    void theRoutesTheLocalRuntimeServesAreTheTemplates() {
        List<SamTemplate.HttpRoute> routes = template.httpRoutes();

        assertTrue(routes.contains(new SamTemplate.HttpRoute("ConsumeCreditsFunction", "POST", "/api/credits/consume",
                "AWS_IAM")));
        assertTrue(routes.contains(new SamTemplate.HttpRoute("QueriesFunction", "GET", "/api/credits", "JwtAuthorizer")));
        assertTrue(routes.contains(new SamTemplate.HttpRoute("QueriesFunction", "GET", "/api/plans", "NONE")));
        assertTrue(routes.contains(new SamTemplate.HttpRoute("CreateCheckoutFunction", "POST", "/api/create-checkout",
                "JwtAuthorizer")));
        assertEquals(List.of("WebhookIntakeFunction"), template.functionsWithUrl());
        assertEquals(Map.of("WebhookProcessorFunction", "WebhookQueue"), template.queueConsumers());
    }
}
