#!/usr/bin/env bash
# The real window under Xvfb, waiting on a question with nothing moving: its CPU use over 10 s
# (top) and its resident memory. Prints both; fails when idle CPU is 5% of a core or more.
# Arguments: the screen size (1280x720) and the mode (practice; screening shows a clock).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh xvfb mesa-vulkan-drivers libvulkan1 procps
size="${1:-1280x720}"
mode="${2:-practice}"
source scripts/xvfb-window.sh
COOLDOWN_DATA_DIR="$work" "$bin" --db "$work/idle.db" play late-gift --gui --seed 3 --as Idle --mode "$mode" >"$work/app.log" 2>&1 &
app=$!
sleep 20   # start-up, then the customer's first line at speaking pace; then it waits on the trainee
cpu="$(top -b -d 10 -n 2 -p "$app" | awk -v pid="$app" '$1 == pid { v = $9 } END { print v }')"
rss_kb="$(awk '/VmRSS/ { print $2 }' "/proc/$app/status")"
echo "idle on a question at $size in $mode: CPU ${cpu}% of a core over 10 s; resident memory $((rss_kb / 1024)) MB"
awk -v c="$cpu" 'BEGIN { exit !(c < 5) }'
