package dev.aibilling.adapter.dynamodb;

import dev.aibilling.emulator.AwsEmulator;

class CreditLedgerOnMotoTest extends CreditLedgerContract {
    @Override
    AwsEmulator emulator() {
        return AwsEmulator.moto();
    }
}
