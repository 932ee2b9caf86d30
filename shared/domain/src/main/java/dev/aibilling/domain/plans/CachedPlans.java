package dev.aibilling.domain.plans;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The catalog read once and kept for a while, so that a warm function does not query it
 * on every request. Plans change only when a deploy re-seeds them; an unknown price id
 * re-reads at once, so a price seeded a moment ago is never refused.
 */
public final class CachedPlans {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final PlanStore store;
    private final Clock clock;
    private final Duration ttl;
    private List<Plan> plans;
    private Instant readAt;

    public CachedPlans(PlanStore store, Clock clock, Duration ttl) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Every stored plan, active or not. */
    public synchronized List<Plan> all() {
        Instant now = clock.instant();
        if (plans == null || !now.isBefore(readAt.plus(ttl))) {
            plans = store.all();
            readAt = now;
        }
        return plans;
    }

    public PlanPrices prices() {
        return new PlanPrices(all());
    }

    /** The plan and cycle of a provider price, reading the catalog again once if it is not known. */
    public Optional<PlanPrice> byPriceId(String priceId) {
        Optional<PlanPrice> known = prices().byPriceId(priceId);
        if (known.isPresent()) {
            return known;
        }
        synchronized (this) {
            plans = null;
        }
        return prices().byPriceId(priceId);
    }

    public Optional<Plan> plan(String planId) {
        return prices().plan(planId);
    }
}
