package dev.aibilling.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Process translate = new ProcessBuilder(ProjectPaths.python().toString(),
                ProjectPaths.root().resolve("infra/validate_template.py").toString(), ProjectPaths.template().toString())
                .redirectErrorStream(true).start();
        String output = new String(translate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, translate.waitFor(), output);

        Set<String> translated = Set.copyOf(output.lines().toList());
        Set<String> read = template.httpRoutes().stream()
                .map(r -> r.method() + " " + r.path() + " " + r.authorizer()).collect(Collectors.toSet());
        assertEquals(translated, read);
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
            assertEquals(Map.of("BuildMethod", "makefile", "ContextPath", "infra/sam", "WorkingDirectory", "."),
                    SamTemplate.map(template.resource(function).get("Metadata")), function);
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
        assertTrue(routes.contains(new SamTemplate.HttpRoute("QueriesFunction", "ANY", "$default", "NONE")));
        assertTrue(routes.contains(new SamTemplate.HttpRoute("CreateCheckoutFunction", "POST", "/api/create-checkout",
                "JwtAuthorizer")));
        assertEquals(List.of("WebhookIntakeFunction"), template.functionsWithUrl());
        assertEquals(Map.of("WebhookProcessorFunction", "WebhookQueue"), template.queueConsumers());
    }
}
