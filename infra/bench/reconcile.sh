#!/usr/bin/env bash
# The reconciler against a backlog on the emulators (moto, WireMock): due Free accounts and
# Stripe events the webhook never delivered. Prints each run's duration and requests.
#   infra/bench/reconcile.sh [accounts=10000] [events=1000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash infra/tools.sh
./mvnw -B -q -ntp install -DskipTests -pl functions/reconcile -am
./mvnw -B -q -ntp -pl functions/reconcile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -cp "functions/reconcile/target/test-classes:functions/reconcile/target/classes:$(cat functions/reconcile/target/bench.classpath)" \
  dev.aibilling.function.reconcile.ReconcileBenchmark "$@"
