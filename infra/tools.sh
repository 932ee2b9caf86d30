#!/usr/bin/env bash
# Installs the project's Python tools, once: moto, cfn-lint and the SAM translator into
# .tools/venv, and checkov into .tools/checkov (its own environment: its pins must not
# move moto's). Idempotent: re-runs pip only when a requirements file changed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v python3 >/dev/null || { echo "python3 is required (3.9+); install it and re-run." >&2; exit 1; }

install() { # venv requirements-file
  local venv="$root/.tools/$1" requirements="$root/infra/$2"
  local stamp="$venv/.requirements.sha256"
  local want
  want="$(sha256sum "$requirements" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "Installing $2 into $venv ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" > "$stamp"
}

install venv requirements.txt
install checkov requirements-checkov.txt
