package dev.aibilling.domain.reconcile;

import dev.aibilling.domain.billing.BillingSignalProcessor;
import dev.aibilling.domain.billing.Notice;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Heals lost webhooks: lists the provider's events of the types billing reads, created
 * since the checkpoint (less an overlap for events the list shows late), and applies each
 * through the webhook path's own processor, whose markers make the delivered ones no-ops.
 * The window is fixed when it opens and walked page by page; progress is saved after each
 * page, and the checkpoint moves to the window's end only when all of it was processed. An
 * event that fails stops the walk (the next run retries it), so the checkpoint never passes
 * an event that was not applied.
 */
public final class MissedEvents {
    /** Events can appear in the provider's list a little after they were created. */
    static final Duration OVERLAP = Duration.ofMinutes(15);
    /** Where a first run starts: a deployment's first day is covered even if its webhook never worked. */
    static final Duration FIRST_RUN_LOOKBACK = Duration.ofDays(1);
    static final int PAGE_SIZE = 100;

    private final ProviderEventLog log;
    private final BillingSignalProcessor processor;
    private final ReconcileStateStore states;

    public MissedEvents(ProviderEventLog log, BillingSignalProcessor processor, ReconcileStateStore states) {
        this.log = log;
        this.processor = processor;
        this.states = states;
    }

    /** What a replay did. {@code checkpointStale}: events between the checkpoint and the provider's retention are gone. */
    public record Replay(int applied, int duplicates, int ignored, int foreign, String failedEventId,
                         Instant checkpoint, boolean complete, boolean checkpointStale) {
    }

    public Replay replay(Instant now, Budget budget) {
        ReconcileState state = states.load();
        Instant checkpoint = state.checkpoint() != null ? state.checkpoint() : now.minus(FIRST_RUN_LOOKBACK);
        Instant oldestKept = now.minus(ProviderEventLog.RETENTION);
        boolean stale = checkpoint.isBefore(oldestKept);
        Instant windowEnd = state.windowEnd() != null ? state.windowEnd() : now;
        String resumeAfter = state.windowEnd() != null ? state.resumeAfter() : null;
        Instant from = (stale ? oldestKept : checkpoint).minus(OVERLAP);
        Counts counts = new Counts();
        while (!budget.exhausted()) {
            ProviderEventLog.EventPage page = log.page(from, windowEnd, resumeAfter, PAGE_SIZE);
            for (Notice notice : page.notices()) {
                if (budget.exhausted()) {
                    return counts.replay(checkpoint, false, stale);
                }
                try {
                    counts.add(processor.process(notice));
                } catch (RuntimeException e) {
                    counts.failed = notice.id();
                    return counts.replay(checkpoint, false, stale);
                }
            }
            boolean done = !page.hasMore() || page.notices().isEmpty();
            ReconcileState next = done ? state.withWindow(windowEnd, null, null)
                    : state.withWindow(checkpoint, windowEnd, page.notices().get(page.notices().size() - 1).id());
            Optional<ReconcileState> saved = states.save(next);
            if (saved.isEmpty()) {
                // another run is walking the same window; it will finish it
                return counts.replay(checkpoint, false, stale);
            }
            state = saved.get();
            if (done) {
                return counts.replay(windowEnd, true, stale);
            }
            resumeAfter = state.resumeAfter();
        }
        return counts.replay(checkpoint, false, stale);
    }

    private static final class Counts {
        int applied;
        int duplicates;
        int ignored;
        int foreign;
        String failed;

        void add(BillingSignalProcessor.Outcome outcome) {
            switch (outcome) {
                case PROCESSED -> applied++;
                case DUPLICATE -> duplicates++;
                case IGNORED -> ignored++;
                case FOREIGN -> foreign++;
            }
        }

        Replay replay(Instant checkpoint, boolean complete, boolean stale) {
            return new Replay(applied, duplicates, ignored, foreign, failed, checkpoint, complete, stale);
        }
    }
}
