package dev.aibilling.plans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.aibilling.config.Config;
import dev.aibilling.testing.TestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PlanStoreTest {
    private static final Config PRICES = Config.of(Map.of(
            PlanCatalog.PRO_MONTHLY_PRICE_ID, "price_pro_m",
            PlanCatalog.PRO_YEARLY_PRICE_ID, "price_pro_y",
            PlanCatalog.BUSINESS_MONTHLY_PRICE_ID, "price_biz_m",
            PlanCatalog.BUSINESS_YEARLY_PRICE_ID, "price_biz_y"));

    private final TestTable table = TestTable.onMoto();
    private final PlanStore plans = table.stores().plans();

    @Test
    void theSeedsCatalogIsStoredWithItsPriceIds() {
        plans.seed(PlanCatalog.plans(PRICES));

        List<Plan> stored = plans.all();
        assertEquals(PlanCatalog.plans(PRICES).stream().sorted((a, b) -> a.id().compareTo(b.id())).toList(), stored);
        Plan free = stored.stream().filter(p -> p.id().equals("free")).findFirst().orElseThrow();
        assertEquals(100, free.creditsPerMonth());
        assertNull(free.priceId(BillingCycle.MONTHLY));
        Plan business = stored.get(0);
        assertEquals(5_000, business.creditsPerMonth());
        assertEquals("price_biz_y", business.priceId(BillingCycle.YEARLY));
    }

    @Test
    void seedingTwiceChangesNothing() {
        plans.seed(PlanCatalog.plans(PRICES));
        List<Map<String, AttributeValue>> first = rawItems();

        plans.seed(PlanCatalog.plans(PRICES));

        assertEquals(first, rawItems());
        assertEquals(3, first.size());
    }

    @Test
    void aChangedCatalogUpdatesAndRetiresPlans() {
        plans.seed(PlanCatalog.plans(PRICES));
        List<Plan> changed = new ArrayList<>();
        for (Plan plan : PlanCatalog.plans(Config.of(Map.of(PlanCatalog.PRO_MONTHLY_PRICE_ID, "price_pro_m2")))) {
            if (!plan.id().equals("business")) {
                changed.add(plan);
            }
        }

        plans.seed(changed);

        Plan pro = plans.all().stream().filter(p -> p.id().equals("pro")).findFirst().orElseThrow();
        assertEquals("price_pro_m2", pro.monthlyPriceId());
        assertNull(pro.yearlyPriceId(), "a price id dropped from configuration is dropped from the plan");
        Plan business = plans.all().stream().filter(p -> p.id().equals("business")).findFirst().orElseThrow();
        assertFalse(business.active(), "a plan missing from the catalog is kept for history but inactive");
    }

    private List<Map<String, AttributeValue>> rawItems() {
        DynamoDbClient client = table.client();
        return client.scan(s -> s.tableName(table.name())).items().stream()
                .sorted((a, b) -> a.get("SK").s().compareTo(b.get("SK").s())).toList();
    }
}
