#!/usr/bin/env bash
# The real window under Xvfb, waiting on a question with nothing moving: its CPU use over 10 s
# (top) and its resident memory. Prints both; fails when idle CPU is 5% of a core or more.
# Arguments: the screen size (1280x720) and the mode (practice; screening shows a clock).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cooldown/target}"
bash scripts/deps.sh xvfb mesa-vulkan-drivers libvulkan1 procps
cargo build --quiet
bin="$CARGO_TARGET_DIR/debug/cooldown"
work="$(mktemp -d)"
display=":$((80 + RANDOM % 9))"
size="${1:-1280x720}"
mode="${2:-practice}"
cleanup() {
  kill "${app:-}" "${xvfb:-}" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
Xvfb "$display" -screen 0 "${size}x24" >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY="$display" WGPU_ALLOW_UNDERLYING_NONCOMPLIANT_ADAPTER=1 XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
COOLDOWN_DATA_DIR="$work" "$bin" --db "$work/idle.db" play late-gift --gui --seed 3 --as Idle --mode "$mode" >"$work/app.log" 2>&1 &
app=$!
sleep 20   # start-up, then the customer's first line at speaking pace; then it waits on the trainee
cpu="$(top -b -d 10 -n 2 -p "$app" | awk -v pid="$app" '$1 == pid { v = $9 } END { print v }')"
rss_kb="$(awk '/VmRSS/ { print $2 }' "/proc/$app/status")"
echo "idle on a question at $size in $mode: CPU ${cpu}% of a core over 10 s; resident memory $((rss_kb / 1024)) MB"
awk -v c="$cpu" 'BEGIN { exit !(c < 5) }'
