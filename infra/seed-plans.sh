#!/usr/bin/env bash
# Seeds the plan catalog into a billing table from this machine: the same code the
# deploy-time custom resource runs. Reads TABLE_NAME, AWS_REGION, AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), optional AWS_ENDPOINT_URL for an
# emulator, and the four STRIPE_*_PRICE_ID settings. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/functions/seed-plans/target/seed-plans-lambda.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl functions/seed-plans -am package)
fi
exec java -cp "$jar" dev.aibilling.function.seed.SeedPlansCommand
