package dev.aibilling.function.seed;

import dev.aibilling.adapter.dynamodb.DynamoDbStores;
import dev.aibilling.adapter.runtime.Config;
import dev.aibilling.adapter.runtime.PriceIdSettings;
import dev.aibilling.domain.plans.Plan;
import dev.aibilling.domain.plans.PlanCatalog;
import java.util.List;

/**
 * Seeds the plan catalog from the command line (infra/seed-plans.sh): the same catalog
 * and store as the deploy-time custom resource, with price ids from the environment.
 */
public final class SeedPlansCommand {
    private SeedPlansCommand() {
    }

    public static void main(String[] args) {
        Config config = Config.fromEnvironment();
        List<Plan> catalog = PlanCatalog.plans(PriceIdSettings.from(config));
        DynamoDbStores.fromConfig(config).plans().seed(catalog);
        System.out.println("Seeded " + catalog.size() + " plans into " + config.required(DynamoDbStores.TABLE_NAME));
    }
}
