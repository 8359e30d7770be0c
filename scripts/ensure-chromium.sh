#!/usr/bin/env bash
# Playwright must never download its own browser here (no network but the package
# registries), so the e2e suite drives Debian's Chromium. This makes sure it exists.
set -euo pipefail
want="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$want" ]; then
  echo "chromium: $("$want" --version 2>/dev/null || echo "$want")"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium: $want missing; installing Debian's chromium with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-liberation; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
  fi
  if [ -x "$want" ]; then echo "chromium: $("$want" --version)"; exit 0; fi
fi
cat >&2 <<MSG
Chromium not found at $want.
The end-to-end tests run in Debian's Chromium, never a browser downloaded by Playwright.
Install it with:   sudo apt-get update && sudo apt-get install -y chromium
or point CHROMIUM_PATH at an existing Chromium/Chrome binary.
MSG
exit 1
