package dev.aibilling.credits;

/** What the store observed when it tried to apply a consume in one transaction. */
public sealed interface ConsumeOutcome {
    record Applied(ConsumeResult result) implements ConsumeOutcome {
    }

    /** The key was used before with the same parameters: the stored original. */
    record Replayed(ConsumeResult original) implements ConsumeOutcome {
    }

    /** The key was used before with other parameters. */
    record KeyConflict() implements ConsumeOutcome {
    }

    record InsufficientCredits(long balance) implements ConsumeOutcome {
    }

    record NoAccount() implements ConsumeOutcome {
    }
}
