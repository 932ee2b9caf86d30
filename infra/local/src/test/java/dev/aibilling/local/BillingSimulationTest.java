package dev.aibilling.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The seeded lifecycle simulation (README, "Proving the books"): a few seeds on every test
 * run, thousands on demand. A failing seed prints the command that replays it.
 *   -Dsimulation.seed=N        one seed (a replay)
 *   -Dsimulation.seeds=N       N seeds from 1 (default 5)
 *   -Dsimulation.steps=N       actions per run (default 80)
 */
class BillingSimulationTest {
    private static final double FAULT_PROBABILITY = 0.05;
    private static final int USERS = 4;

    @Test
    void anyOrderOfEventsAndAnyFaultLeavesTheBooksRight() {
        int steps = Integer.getInteger("simulation.steps", 80);
        Long one = Long.getLong("simulation.seed");
        long[] seeds = one != null ? new long[] {one}
                : LongStream.rangeClosed(1, Integer.getInteger("simulation.seeds", 5)).toArray();
        List<String> failures = new ArrayList<>();
        int faults = 0;
        for (long seed : seeds) {
            BillingSimulation simulation = new BillingSimulation(seed, USERS, steps, FAULT_PROBABILITY);
            BillingSimulation.Result result = simulation.run();
            faults += result.faults().values().stream().mapToInt(Integer::intValue).sum() + result.stripeFaults();
            System.out.println("simulation seed " + seed + ": " + result.deliveries() + " deliveries, "
                    + result.dropped() + " events left to the reconciler, faults " + result.faults()
                    + " and " + result.stripeFaults() + " Stripe 429/500s, actions " + result.actions()
                    + (result.violations().isEmpty() ? ": books right" : ": " + result.violations()));
            if (!result.violations().isEmpty()) {
                failures.add("seed " + seed + ": " + result.violations() + "\n  replay: " + simulation.replayCommand());
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(faults > 0 || seeds.length == 1, "the runs injected faults");
    }
}
