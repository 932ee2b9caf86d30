package dev.aibilling.adapter.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.aibilling.domain.plans.BillingCycle;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.plans.PlanCatalog;
import dev.aibilling.domain.plans.PlanStore;
import dev.aibilling.domain.plans.PriceIds;
import dev.aibilling.emulator.TestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PlanStoreTest {
    private static final PriceIds PRICES = new PriceIds("price_pro_m", "price_pro_y", "price_biz_m", "price_biz_y");

    private final TestTable table = TestTable.onMoto();
    private final PlanStore plans = new DynamoDbStores(table.client(), table.name()).plans();

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
        for (Plan plan : PlanCatalog.plans(new PriceIds("price_pro_m2", null, null, null))) {
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
