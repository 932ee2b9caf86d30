package dev.aibilling.function.seed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.emulator.LambdaInvoker;
import dev.aibilling.emulator.LocalContext;
import dev.aibilling.emulator.ProjectPaths;
import dev.aibilling.emulator.SamTemplate;
import dev.aibilling.emulator.TestTable;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Custom::PlanCatalog resource, answering a stand-in for CloudFormation's pre-signed URL. */
class SeedPlansHandlerTest {
    private static final String RESPONSE_PATH = "/cloudformation/response";

    private final WireMockServer cloudFormation = new WireMockServer(wireMockConfig().dynamicPort());
    private TestTable table;

    @BeforeEach
    void start() {
        cloudFormation.start();
        cloudFormation.stubFor(put(urlEqualTo(RESPONSE_PATH)).willReturn(aResponse().withStatus(200)));
        table = TestTable.onMoto();
    }

    @AfterEach
    void stop() {
        cloudFormation.stop();
    }

    @Test
    void theSampleCreateEventSeedsThePlansAndAnswersSuccess() throws Exception {
        table.emulator().applySettings(table.name());
        LambdaInvoker function = LambdaInvoker.forFunction(SamTemplate.load(), "SeedPlansFunction");
        String event = Files.readString(ProjectPaths.events().resolve("seed-plans.json"))
                .replaceFirst("https://cloudformation-custom-resource-response[^\"]+", responseUrl());

        function.invokeJson(event);

        List<Plan> plans = new DynamoDbStores(table.client(), table.name()).plans().all();
        assertEquals(3, plans.size());
        assertEquals("price_pro_monthly_sample", plans.stream().filter(p -> p.id().equals("pro")).findFirst()
                .orElseThrow().monthlyPriceId());
        cloudFormation.verify(1, putRequestedFor(urlEqualTo(RESPONSE_PATH))
                .withHeader("Content-Type", equalTo(""))
                .withRequestBody(equalToJson("{\"Status\":\"SUCCESS\",\"PhysicalResourceId\":\"plan-catalog\","
                        + "\"RequestId\":\"sample-seed-request\",\"LogicalResourceId\":\"PlanCatalog\"}", true, true)));
    }

    @Test
    void anUpdateWithNewPriceIdsReseeds() {
        DynamoDbStores stores = new DynamoDbStores(table.client(), table.name());
        SeedPlansHandler handler = new SeedPlansHandler(stores.plans(), new CloudFormationResponder());
        handler.handleRequest(event("Create", Map.of("STRIPE_PRO_MONTHLY_PRICE_ID", "price_old")), new LocalContext("t"));

        handler.handleRequest(event("Update", Map.of("STRIPE_PRO_MONTHLY_PRICE_ID", "price_new")), new LocalContext("t"));

        assertEquals("price_new", stores.plans().all().stream().filter(p -> p.id().equals("pro")).findFirst()
                .orElseThrow().monthlyPriceId());
        cloudFormation.verify(2, putRequestedFor(urlEqualTo(RESPONSE_PATH))
                .withRequestBody(equalToJson("{\"Status\":\"SUCCESS\"}", true, true)));
    }

    @Test
    void deleteKeepsThePlansAndAnswersSuccess() {
        DynamoDbStores stores = new DynamoDbStores(table.client(), table.name());
        SeedPlansHandler handler = new SeedPlansHandler(stores.plans(), new CloudFormationResponder());
        handler.handleRequest(event("Create", Map.of()), new LocalContext("t"));

        handler.handleRequest(event("Delete", Map.of()), new LocalContext("t"));

        assertEquals(3, stores.plans().all().size());
        cloudFormation.verify(2, putRequestedFor(urlEqualTo(RESPONSE_PATH))
                .withRequestBody(equalToJson("{\"Status\":\"SUCCESS\"}", true, true)));
    }

    @Test
    void aFailedSeedAnswersFailedInsteadOfLeavingTheStackWaiting() {
        DynamoDbStores missingTable = new DynamoDbStores(table.client(), "no-such-table");
        SeedPlansHandler handler = new SeedPlansHandler(missingTable.plans(), new CloudFormationResponder());

        handler.handleRequest(event("Create", Map.of()), new LocalContext("t"));

        cloudFormation.verify(1, putRequestedFor(urlEqualTo(RESPONSE_PATH))
                .withRequestBody(equalToJson("{\"Status\":\"FAILED\"}", true, true)));
        String reason = cloudFormation.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertTrue(reason.contains("Seeding failed"), reason);
    }

    private CloudFormationCustomResourceEvent event(String type, Map<String, Object> properties) {
        CloudFormationCustomResourceEvent event = new CloudFormationCustomResourceEvent();
        event.setRequestType(type);
        event.setResponseUrl(responseUrl());
        event.setStackId("arn:aws:cloudformation:us-east-1:123456789012:stack/billing/1");
        event.setRequestId("request-" + type);
        event.setLogicalResourceId("PlanCatalog");
        event.setPhysicalResourceId(type.equals("Create") ? null : SeedPlansHandler.PHYSICAL_ID);
        event.setResourceProperties(properties);
        return event;
    }

    private String responseUrl() {
        return cloudFormation.baseUrl() + RESPONSE_PATH;
    }
}
