package dev.aibilling.credits;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.LocalStackEmulator;
import org.junit.jupiter.api.BeforeAll;

/** The same contract on LocalStack, where a Docker engine exists; skipped (and reported so) elsewhere. */
class CreditLedgerOnLocalStackTest extends CreditLedgerContract {
    @BeforeAll
    static void requireDocker() {
        assumeTrue(LocalStackEmulator.dockerAvailable(), "no Docker engine: the LocalStack run is skipped, moto covers it");
    }

    @Override
    AwsEmulator emulator() {
        return LocalStackEmulator.start();
    }
}
