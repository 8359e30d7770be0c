#!/usr/bin/env bash
# The alert tests run Debian's real Prometheus Alertmanager and Prometheus' promtool (never a
# mock). This makes sure both exist, installing the Debian packages when missing and root.
set -euo pipefail
am="${ALERTMANAGER_BIN:-/usr/bin/prometheus-alertmanager}"
pt="${PROMTOOL_BIN:-/usr/bin/promtool}"
if [ -x "$am" ] && [ -x "$pt" ]; then
  echo "alertmanager: $("$am" --version 2>&1 | head -n1)"
  echo "promtool: $("$pt" --version 2>&1 | head -n1)"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "prometheus tools missing; installing Debian's prometheus-alertmanager and prometheus with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus-alertmanager prometheus; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
  fi
  if [ -x "$am" ] && [ -x "$pt" ]; then exit 0; fi
fi
cat >&2 <<MSG
Prometheus Alertmanager ($am) or promtool ($pt) not found.
The alert tests start a real Alertmanager and lint with promtool. Install them with:
  sudo apt-get update && sudo apt-get install -y prometheus-alertmanager prometheus
or point ALERTMANAGER_BIN / PROMTOOL_BIN at existing binaries.
MSG
exit 1
