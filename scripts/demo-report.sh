#!/usr/bin/env bash
# A demonstration cohort: scripted sessions of the bundled pack played through the terminal
# player by three people into a scratch database, then a person report, a cohort report, CSV and
# xAPI; and eight candidates sitting the bundled screening assessment, then its ranking and its
# adverse-impact page. Every HTML page is opened in headless Chromium for screenshots in
# docs/report/.
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

# The screening assessment: eight candidates invited, each sitting every call with their own
# words (two of them alike, one trying to paste first), half of them answering the voluntary
# age question one way and half the other.
assessment=assessments/support-agent.ron
printf 'name,external_id\n' >"$work/candidates.csv"
for n in 1 2 3 4 5 6 7 8; do printf 'Candidate %s,ATS-%s\n' "$n" "$((100 + n))" >>"$work/candidates.csv"; done
COOLDOWN_DATA_DIR="$work" "$bin" --db "$db" keys init >/dev/null
COOLDOWN_DATA_DIR="$work" "$bin" --db "$db" assess invite "$assessment" --candidates "$work/candidates.csv" --out "$work/codes.csv" >/dev/null
wordings=(
  "I'm so sorry, I understand how frustrating this is. Could you confirm your order number? I'll fix this today and send a replacement by express."
  "I'm really sorry about this. Let me check what happened and make it right for you today."
  "Okay. What do you want me to do about it?"
  "I completely understand why you're upset, and I apologise. Can you tell me exactly what happened so I can sort it out now?"
  "So, to make sure I have it right, the parcel never arrived and the tracking still shows transit?"
  "So, to make sure I have it right, the parcel never arrived and the tracking still shows transit?"
  "Please calm down, there is nothing I can do."
  "That sounds awful, I'm sorry. Could you confirm your details? I will personally make sure it is resolved today."
)
n=0
tail -n +2 "$work/codes.csv" | while IFS=, read -r _name _id code _extra; do
  words="${wordings[$n]}"
  age=$(( n % 2 + 1 ))
  paste=""
  [ "$n" = 2 ] && paste=$'\e[200~'"$words"$'\e[201~'
  { printf '%s\n\n%s\n' "$code" "$age"; for _ in $(seq 60); do printf '1\n%s\n%s\n' "$paste" "$words"; done; } |
    COOLDOWN_DATA_DIR="$work" "$bin" --db "$db" assess sit >/dev/null
  n=$((n + 1))
done
COOLDOWN_DATA_DIR="$work" "$bin" --db "$db" assess results "$assessment" --out "$out/assessment.html" >/dev/null
COOLDOWN_DATA_DIR="$work" "$bin" --db "$db" assess impact "$assessment" --by age --out "$out/impact.html" >/dev/null

shot() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chromium" --hide-scrollbars \
    --window-size=1280,"$2" --screenshot="$PWD/$out/$1.png" "file://$PWD/$out/$1.html" 2>/dev/null
  test -s "$out/$1.png" || { echo "no screenshot of $1.html"; exit 1; }
}
shot person 2400
shot cohort 1500
shot assessment 1100
shot impact 1400
echo "report screenshots: $out/person.png, $out/cohort.png, $out/assessment.png, $out/impact.png"
