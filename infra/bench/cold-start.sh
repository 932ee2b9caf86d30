#!/usr/bin/env bash
# Cold-start proxy per function: a fresh JVM per run with only that function's jar, the
# template's JVM flags, clients pointed at a local moto. Prints the medians of RUNS runs (default 5).
#   infra/bench/cold-start.sh          (after ./mvnw -DskipTests package)
#   RUNS=15 infra/bench/cold-start.sh queries   (one function, more runs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'kill "$moto_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

.tools/venv/bin/python infra/moto_server.py --port 0 > "$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 300); do grep -q "listening on" "$work/moto.log" && break; sleep 0.1; done
port="$(sed -n 's/moto listening on //p' "$work/moto.log")"
endpoint="http://127.0.0.1:$port"
# the table and queue as template.yaml defines them
printf '%s\n' "var e = new dev.aibilling.emulator.AwsEmulator(java.net.URI.create(\"$endpoint\"));" \
  'e.createBillingTable("bench");' \
  'System.out.println(e.createWebhookQueues("bench").queueUrl());' '/exit' \
  | jshell -q --class-path infra/local/target/billing-local.jar 2>/dev/null | grep -o 'http://[^ ]*/bench' > "$work/queue"
# the sample webhook, signed now (its own signature is stale by design)
python3 - "$work/webhook.json" <<'PY'
import hashlib, hmac, json, sys, time
event = json.load(open("events/webhook-intake.json"))
t = int(time.time())
mac = hmac.new(b"whsec_local_development_only", f"{t}.{event['body']}".encode(), hashlib.sha256).hexdigest()
event["headers"]["stripe-signature"] = f"t={t},v1={mac}"
json.dump(event, open(sys.argv[1], "w"))
PY

export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_ENDPOINT_URL="$endpoint"
export TABLE_NAME=bench QUEUE_URL="$(cat "$work/queue")" STRIPE_WEBHOOK_SECRETS=whsec_local_development_only
flags="-XX:+TieredCompilation -XX:TieredStopAtLevel=1"

probe() { # module handler event
  local jar="functions/$1/target/$1-lambda.jar"
  javac -nowarn -cp "$jar" -d "$work/$1" infra/bench/ColdStartProbe.java
  printf '%-18s %6s bytes jar: ' "$1" "$(stat -c %s "$jar")"
  for _ in $(seq 1 "$runs"); do
    # shellcheck disable=SC2086
    java $flags -cp "$jar:$work/$1" ColdStartProbe "$2" "$3"
  done > "$work/$1.runs"
  # the median of each column on its own
  printf 'jvm-to-main %s ms, init %s ms, first invoke %s ms, second %s ms (%s)\n' \
    "$(median 1 "$work/$1.runs")" "$(median 2 "$work/$1.runs")" "$(median 3 "$work/$1.runs")" \
    "$(median 4 "$work/$1.runs")" "$(cut -d' ' -f5 "$work/$1.runs" | sort -u | tr '\n' ' ' | sed 's/ $//')"
}
median() { # column file
  cut -d' ' -f"$1" "$2" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
runs="${RUNS:-5}"
only="${1:-}"
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
want consume-credits && probe consume-credits dev.aibilling.function.consume.ConsumeCreditsHandler::handleRequest events/consume-credits.json
want queries && probe queries dev.aibilling.function.queries.QueriesHandler::handleRequest events/queries-get-credits.json
want webhook-intake && probe webhook-intake dev.aibilling.function.intake.StripeWebhookIntakeHandler::handleRequest "$work/webhook.json"
