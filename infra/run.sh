#!/usr/bin/env bash
# The run command: the whole service on this machine (see README, "Run it locally").
# Builds when sources changed since the last build, installs moto into .tools/ if needed,
# then serves the HTTP API on PORT (default 3000). Ctrl-C stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/infra/check-prerequisites.sh"
"$root/infra/tools.sh"

jar="infra/local/target/billing-local.jar"
changed=""
if [ -f "$jar" ]; then
  changed="$(find pom.xml template.yaml shared functions infra/emulator infra/local \
    -path '*/target' -prune -o -type f -newer "$jar" -print -quit)"
fi
if [ ! -f "$jar" ] || [ -n "$changed" ]; then
  echo "Building the functions and the local runtime (tests skipped; infra/test.sh runs them)..." >&2
  ./mvnw -B -q -ntp -DskipTests -pl infra/local -am package
fi
exec java -jar "$jar"
