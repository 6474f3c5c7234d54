#!/usr/bin/env bash
# Opens a standalone HTML report in headless Chromium (Debian's package), fails on any console error, and writes a PNG
# screenshot beside it (RP.4).
#
#   scripts/screenshot.sh out/assessment-2025-150000.html [out/assessment-2025-150000.png]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

report=${1:?usage: scripts/screenshot.sh REPORT.html [SCREENSHOT.png]}
[[ -f $report ]] || die "no such report: $report"
png=${2:-${report%.html}.png}
ensure_packages chromium fonts-noto-cjk

log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -f "$png"
# --enable-logging=stderr with --v=0 prints the page's console messages as CONSOLE lines.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2400 \
    --enable-logging=stderr --v=0 --screenshot="$png" "file://$(realpath "$report")" 2>"$log" >/dev/null || true

if grep -E 'CONSOLE.*(ERROR|Uncaught)|:ERROR:CONSOLE|Uncaught ' "$log" >&2; then
    die "console errors in $report"
fi
[[ -s $png ]] || { cat "$log" >&2; die "no screenshot written for $report"; }
printf '%s: no console errors, screenshot %s (%s bytes)\n' "$report" "$png" "$(stat -c %s "$png")"
