#!/usr/bin/env bash
# `cooldown score --batch` as a whole process against Python's vaderSentiment on the same 50,000
# texts, side by side in one run (process start, reading and JSON output included). The texts
# come from the rated data (../shared/data/scoring-dev, or DATA=...). vaderSentiment is
# installed from PyPI, pinned and hash-checked, into a venv in the cache folder; nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${DATA:-../shared/data/scoring-dev}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/cooldown"
VENV="$CACHE/vader-venv"
N=50000
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cooldown/target}"

[ -f "$DATA/goemotions/train.tsv" ] || { echo "no rated data at $DATA (set DATA=...)"; exit 1; }
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  printf 'vaderSentiment==3.3.2 --hash=sha256:3bf1d243b98b1afad575b9f22bc2cb1e212b94ff89ca74f8a23a588d024ea311\n' > "$CACHE/vader-requirements.txt"
  "$VENV/bin/pip" install --quiet --no-deps --require-hashes -r "$CACHE/vader-requirements.txt"
fi
cargo build --quiet --release --no-default-features --bin cooldown
BIN="$CARGO_TARGET_DIR/release/cooldown"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The same texts for both: one per line for VADER, as JSON Lines for cooldown.
python3 - "$DATA" "$N" "$WORK" <<'PY'
import csv, json, sys
data, n, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = []
for line in open(f"{data}/goemotions/train.tsv", encoding="utf-8"):
    texts.append(line.split("\t")[0])
for name in ("wikipedia.annotated.csv", "stack-exchange.annotated.csv"):
    texts += [r["Request"] for r in csv.DictReader(open(f"{data}/{name}", encoding="utf-8"))]
texts = [" ".join(t.split()) for t in texts][:n]
with open(f"{work}/texts.txt", "w", encoding="utf-8") as f:
    f.writelines(t + "\n" for t in texts)
with open(f"{work}/texts.jsonl", "w", encoding="utf-8") as f:
    f.writelines(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
PY
cat > "$WORK/vader.py" <<'PY'
import json, sys
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
analyzer = SentimentIntensityAnalyzer()
out = sys.stdout
for i, line in enumerate(sys.stdin):
    out.write(json.dumps({"id": i, "scores": analyzer.polarity_scores(line)}) + "\n")
PY

seconds() { local start end; start=$(date +%s.%N); "$@"; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
lines=$(wc -l < "$WORK/texts.txt")
ours=$(seconds sh -c "'$BIN' score --batch '$WORK/texts.jsonl' > '$WORK/ours.jsonl'")
vader=$(seconds sh -c "'$VENV/bin/python' '$WORK/vader.py' < '$WORK/texts.txt' > '$WORK/vader.jsonl'")
test "$(wc -l < "$WORK/ours.jsonl")" -eq "$lines" && test "$(wc -l < "$WORK/vader.jsonl")" -eq "$lines"
printf 'cooldown score --batch: %d texts in %.2f s = %.0f texts/s\n' "$lines" "$ours" "$(echo "$lines / $ours" | bc -l)"
printf 'vaderSentiment 3.3.2:   %d texts in %.2f s = %.0f texts/s\n' "$lines" "$vader" "$(echo "$lines / $vader" | bc -l)"
printf 'cooldown is %.1fx as fast\n' "$(echo "$vader / $ours" | bc -l)"
