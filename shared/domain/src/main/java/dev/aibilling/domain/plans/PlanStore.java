package dev.aibilling.domain.plans;

import java.util.List;

/** Port to the stored plan catalog. */
public interface PlanStore {
    /** Writes the catalog: plans are replaced whole; stored plans missing from it become inactive. */
    void seed(List<Plan> catalog);

    /** Every stored plan, active or not, ordered by id. */
    List<Plan> all();
}
