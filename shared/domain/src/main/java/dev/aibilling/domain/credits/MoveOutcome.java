package dev.aibilling.domain.credits;

/**
 * What the store observed when it tried to apply a keyed move in one transaction. Callers
 * handle it through {@link Cases}, so a new outcome does not compile until every caller
 * says what it means.
 */
public sealed interface MoveOutcome {
    <R> R accept(Cases<R> cases);

    interface Cases<R> {
        R applied(MoveResult result);

        R replayed(MoveResult original);

        R keyConflict();

        R insufficientCredits(long balance);

        R noAccount();
    }

    record Applied(MoveResult result) implements MoveOutcome {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.applied(result);
        }
    }

    /** The key was used before with the same parameters: the stored original. */
    record Replayed(MoveResult original) implements MoveOutcome {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.replayed(original);
        }
    }

    /** The key was used before with other parameters. */
    record KeyConflict() implements MoveOutcome {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.keyConflict();
        }
    }

    record InsufficientCredits(long balance) implements MoveOutcome {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.insufficientCredits(balance);
        }
    }

    record NoAccount() implements MoveOutcome {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.noAccount();
        }
    }
}
