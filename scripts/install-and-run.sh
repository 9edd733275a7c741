#!/usr/bin/env bash
# Installs strikefeed into .venv (and redis-server when missing) and runs the daemon with the
# example configuration. Extra arguments go to `strikefeed run`.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v redis-server >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet .
exec .venv/bin/strikefeed run --config config/strikefeed.toml "$@"
