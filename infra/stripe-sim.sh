#!/usr/bin/env bash
# Plays Stripe's part against the offline local runtime, like `stripe trigger`: changes the
# offline Stripe's state and sends the signed events through the real webhook path.
#   infra/stripe-sim.sh complete-checkout <userId>   pay the user's newest checkout session
#   infra/stripe-sim.sh renew <userId>               next billing period paid (or the open invoice paid)
#   infra/stripe-sim.sh fail-payment <userId>        the renewal payment fails: past_due
#   infra/stripe-sim.sh cancel <userId>              the subscription ends now
#   infra/stripe-sim.sh cancel-at-period-end <userId>   the user cancels in the billing portal
#   infra/stripe-sim.sh resume <userId>              the user undoes that in the portal
#   infra/stripe-sim.sh end-period <userId>          the period ends: a pending cancellation ends the subscription, else it renews
#   infra/stripe-sim.sh change-plan <userId> <price> a plan switch in the portal (upgrades invoice the proration at once)
#   infra/stripe-sim.sh refund <userId> [amount]     a dashboard refund of the last paid invoice (minor units; default all)
#   infra/stripe-sim.sh old-version-event <userId>   the last paid invoice's event again, as an account on 2024-06-20 sends it
#   infra/stripe-sim.sh foreign-event <anyone>       an invoice of a customer this service never created (`stripe trigger`)
# Then the queue is drained, so the effects are visible when the command returns.
set -euo pipefail
action="${1:?usage: infra/stripe-sim.sh <action> <userId> [amount|price]; actions: complete-checkout renew fail-payment cancel cancel-at-period-end resume end-period change-plan refund old-version-event foreign-event}"
user="${2:?give the user id}"
base="http://localhost:${PORT:-3000}"
query="user=$user"
if [ -n "${3:-}" ]; then
  case "$action" in
    change-plan) query="$query&price=$3" ;;
    *) query="$query&amount=$3" ;;
  esac
fi
curl -sS --fail-with-body -X POST "$base/local/stripe/simulate/$action?$query"
echo
curl -sS --fail-with-body -X POST "$base/local/queue/drain"
echo
