#!/usr/bin/env bash
# The one test command (README): makes sure what the tests need is here, then runs every test.
# Idempotent: installs Debian's PostgreSQL server binaries and Chromium only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${DATABASE_URL:-}" ] || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages the tests need: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${need[*]}. Install them (apt-get install ${need[*]}) and run again." >&2
    exit 1
  fi
fi

[ -d node_modules ] || npm ci
npm run build --silent
exec npx vitest run "$@"
