#!/usr/bin/env bash
# Installs the project's Python tools (moto, cfn-lint) into .tools/venv, once.
# Idempotent: re-runs pip only when infra/requirements.txt changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$root/infra/requirements.txt" | cut -d' ' -f1)"

command -v python3 >/dev/null || { echo "python3 is required (3.9+); install it and re-run." >&2; exit 1; }
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "Installing moto and cfn-lint into $venv ..." >&2
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/infra/requirements.txt"
echo "$want" > "$stamp"
