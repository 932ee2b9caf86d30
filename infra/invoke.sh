#!/usr/bin/env bash
# Invokes one function of template.yaml with an event file, without Docker: the running
# local runtime (infra/run.sh) builds it from its Handler string and answers its response.
#   infra/invoke.sh ConsumeCreditsFunction events/consume-credits.json
set -euo pipefail
function="${1:?usage: infra/invoke.sh <FunctionLogicalId> <event file>}"
event="${2:?give the event file}"
curl -sS --fail-with-body -X POST "http://localhost:${PORT:-3000}/local/invoke/$function" \
  -H 'content-type: application/json' --data-binary "@$event"
echo
