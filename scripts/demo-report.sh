#!/usr/bin/env bash
# A demonstration cohort: scripted sessions of the bundled pack played through the terminal
# player by three people into a scratch database, then a person report, a cohort report, CSV and
# xAPI, and both HTML pages opened in headless Chromium for screenshots in docs/report/.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cooldown/target}"
command -v chromium >/dev/null || bash scripts/deps.sh chromium
cargo build --quiet
bin="$CARGO_TARGET_DIR/debug/cooldown"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/demo.db"
out="docs/report"
mkdir -p "$out"

# play PERSON SCENARIO SEED ANSWER... : one session, one answer per line.
play() {
  local person="$1" scenario="$2" seed="$3"
  shift 3
  printf '%s\n' "$@" | COOLDOWN_DATA_DIR="$work" "$bin" --db "$db" play "$scenario" --terminal --seed "$seed" --as "$person" >/dev/null
}

play "Ann Lee" late-gift 1 2 "What is the order number?"
play "Ann Lee" late-gift 2 1 "I will look into it." 2 2
play "Ann Lee" late-gift 3 1 "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?" 1 \
  "Thank you for bearing with me, Dana. Is there anything else I can help with?"
play "Ann Lee" patience-test 4 1 "I can offer you a repair or a refund." 1 "I understand, that's frustrating." 3
play "Bo Chen" patience-test 5 1 "The 3000 isn't made any more, but I can repair yours or offer you a refund." 1 \
  "I'm sorry. I understand how frustrating that is after eleven years. What would help most right now?" 1 \
  "Thank you for your patience today, Victor."
play "Bo Chen" vague-customer 6 3 "Okay, I'll reset it for you." 2 1 2 "Bye."
play "Cy Park" hurried-billing 7 3 2
play "Cy Park" vet-emergency 8 1 "I'm so sorry, I'll look at it now." 2
play "Dee Ray" callback 9 1 1 "Sorry, I will sort it." 2 1
# An interrupted call: the input ends after one answer, so it stays unfinished.
play "Dee Ray" late-gift 10 1

"$bin" --db "$db" report --person "Ann Lee" --out "$out/person.html"
"$bin" --db "$db" report --cohort --out "$out/cohort.html" --csv "$out/cohort" --xapi "$out/cohort.xapi.json"

shot() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chromium" --hide-scrollbars \
    --window-size=1280,"$2" --screenshot="$PWD/$out/$1.png" "file://$PWD/$out/$1.html" 2>/dev/null
  test -s "$out/$1.png" || { echo "no screenshot of $1.html"; exit 1; }
}
shot person 2400
shot cohort 1500
echo "report screenshots: $out/person.png, $out/cohort.png"
