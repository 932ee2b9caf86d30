#!/usr/bin/env bash
# The test command: installs the Python tools (moto, cfn-lint) into .tools/ if needed,
# then builds every module and runs every test against a single-threaded moto that the
# tests start themselves. Extra arguments go to Maven (e.g. -pl shared).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/infra/check-prerequisites.sh"
"$root/infra/tools.sh"
exec ./mvnw -B -ntp verify "$@"
