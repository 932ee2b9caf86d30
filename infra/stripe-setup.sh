#!/usr/bin/env bash
# Sets a Stripe account up for this service, idempotently (a second run changes nothing):
# the Pro and Business products and their four prices, a billing-portal configuration, and
# (given the deployment's StripeWebhookUrl output) the webhook endpoint with the API version
# stripe-java pins and exactly the handled events. Prints the sam deploy parameters and,
# once, the endpoint's signing secret.
#   STRIPE_SECRET_KEY=sk_test_... infra/stripe-setup.sh [https://<function-url>/]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${STRIPE_SECRET_KEY:-}" ]; then
  echo "Set STRIPE_SECRET_KEY to the account's secret key (sk_test_... or sk_live_...)." >&2
  exit 2
fi
"$root/infra/check-prerequisites.sh"
jar="$root/infra/stripe-setup/target/stripe-setup.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/infra/stripe-setup/src" "$root/shared" -newer "$jar" -name '*.java' -print -quit)" ]; then
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl infra/stripe-setup -am package)
fi
STRIPE_WEBHOOK_URL="${1:-${STRIPE_WEBHOOK_URL:-}}" exec java -jar "$jar"
