#!/usr/bin/env bash
# Fails with a clear message, not a stack trace, when the machine lacks what the project needs.
set -euo pipefail

if ! command -v java >/dev/null 2>&1; then
  echo "A JDK 17 or newer is required: 'java' is not on the PATH." >&2
  exit 1
fi
major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
major="${major#1.}"
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
  echo "A JDK 17 or newer is required; 'java' is version ${major:-unknown}." >&2
  exit 1
fi
if ! command -v javac >/dev/null 2>&1; then
  echo "A JDK (not only a JRE) is required: 'javac' is not on the PATH." >&2
  exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "Python 3.9 or newer is required for the AWS emulator (moto): 'python3' is not on the PATH." >&2
  exit 1
fi
if ! python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)'; then
  echo "Python 3.9 or newer is required; found $(python3 --version 2>&1)." >&2
  exit 1
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "Python's venv module with ensurepip is required (Debian/Ubuntu: apt-get install python3-venv)." >&2
  exit 1
fi
