package dev.aibilling.seed;

import dev.aibilling.config.Config;
import dev.aibilling.plans.Plan;
import dev.aibilling.plans.PlanCatalog;
import dev.aibilling.store.dynamodb.DynamoDbStores;
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
        List<Plan> catalog = PlanCatalog.plans(config);
        DynamoDbStores.fromConfig(config).plans().seed(catalog);
        System.out.println("Seeded " + catalog.size() + " plans into " + config.required(DynamoDbStores.TABLE_NAME));
    }
}
