#!/usr/bin/env bash
# Types a 2,000-character answer into the real window under Xvfb with xdotool, one key every 20 ms
# (two or three keys a frame with software rendering, Shift held across capitals), and checks
# that the results database keeps exactly what was typed. Prints the characters lost (0 passes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh xvfb xdotool mesa-vulkan-drivers libvulkan1 sqlite3
source scripts/xvfb-window.sh

# The script: sentences with capitals, digits and punctuation, to 2,000 characters.
script="$(python3 - <<'PY'
parts = ["I'm sorry the LEGO castle is late, Tom.", "Can I confirm order 58213 for you?",
         "Animal Hospital called: Dana's cat is fine!", "So just to confirm, it was due on Tuesday?",
         "Thank you for bearing with me; I'll send a NEW one by Express today."]
out, i = "", 0
while len(out) < 2000:
    out += parts[i % len(parts)] + " "
    i += 1
print(out[:2000].rstrip(" ") + ".", end="")
PY
)"

COOLDOWN_DATA_DIR="$work" "$bin" --db "$work/typed.db" play late-gift --gui --seed 3 --as Typist >"$work/app.log" 2>&1 &
app=$!
for _ in $(seq 60); do xdotool search --name '^cooldown$' >/dev/null 2>&1 && break; sleep 1; done
window="$(xdotool search --name '^cooldown$' | head -1)"
xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus --sync "$window"
sleep 12                                # the customer's first line, at speaking pace
xdotool key --window "$window" 1        # the first option; the next question takes words
sleep 15
started=$(date +%s.%N)
xdotool type --delay 20 "$script"
xdotool key Return
typed_in=$(python3 -c "print(round($(date +%s.%N) - $started, 1))")
sleep 3
kept="$(sqlite3 "$work/typed.db" "SELECT text FROM turns WHERE kind = 'text' ORDER BY session_id, number LIMIT 1")"
python3 - "$script" "$kept" "$typed_in" <<'PY'
import sys
typed, kept, secs = sys.argv[1], sys.argv[2], sys.argv[3]
# Characters of the typed text missing from the kept one: its length less their longest
# common subsequence.
row = [0] * (len(kept) + 1)
for a in typed:
    prev, row[0] = row[0], 0
    for j, b in enumerate(kept, 1):
        prev, row[j] = row[j], prev + 1 if a == b else max(row[j], row[j - 1])
lost = len(typed) - row[-1]
print(f"typed {len(typed)} characters in {secs} s at 20 ms a key; kept {len(kept)}; lost {lost}; identical: {typed == kept}")
sys.exit(0 if typed == kept else 1)
PY
