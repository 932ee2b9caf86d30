package dev.aibilling.adapter.dynamodb;

import dev.aibilling.emulator.AwsEmulator;
import dev.aibilling.emulator.LocalStackEmulator;
import org.junit.jupiter.api.condition.EnabledIf;

/** The same contract on LocalStack where a Docker engine exists; reported as skipped elsewhere. */
@EnabledIf(value = "dev.aibilling.emulator.LocalStackEmulator#dockerAvailable",
        disabledReason = "no Docker engine: the LocalStack run is skipped, moto covers the contract")
class CreditLedgerOnLocalStackTest extends CreditLedgerContract {
    @Override
    AwsEmulator emulator() {
        return LocalStackEmulator.start();
    }
}
