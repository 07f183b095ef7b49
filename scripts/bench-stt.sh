#!/usr/bin/env bash
# `make bench-stt`: the speech-to-text engine as cooldown runs it (assets/stt/serve.py in the
# environment `make stt` made), on espeak-ng answers: model load time, real-time factor (seconds
# of transcribing per second of audio) and peak memory of the sidecar.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${XDG_CACHE_HOME:-$HOME/.cache}/cooldown/stt/bin/python"
bash scripts/deps.sh espeak-ng
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
n=0
while IFS= read -r line; do
  n=$((n+1))
  for v in en-us en-gb; do espeak-ng -v "$v" -w "$WORK/$n-$v.wav" "$line"; done
done <<'TEXT'
I'm really sorry this happened. Could you tell me the order number so I can look into it?
That sounds frustrating. Let me pull up your account and see what went wrong with the delivery.
I understand why you're upset. What would be the most helpful outcome for you right now?
Let me confirm your address first, then I can arrange a replacement to go out by express.
Thank you for your patience. I will call you back before five o'clock with an answer.
TEXT
ls "$WORK"/*.wav | sed 's/.*/{"wav": "&"}/' > "$WORK/requests.jsonl"
/usr/bin/time -f "%M" -o "$WORK/rss" "$PY" -u -c "$(cat assets/stt/serve.py)" < "$WORK/requests.jsonl" > "$WORK/replies.jsonl"
python3 - "$WORK/replies.jsonl" "$(cat "$WORK/rss")" "$(nproc)" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ready, replies = lines[0], lines[1:]
audio = sum(r["duration"] for r in replies)
spent = sum(r["seconds"] for r in replies)
print(f"engine: {ready['model']} (faster-whisper, int8, {sys.argv[3]} CPU cores)")
print(f"model load: {ready['load_s']:.2f} s")
print(f"{len(replies)} answers, {audio:.1f} s of audio transcribed in {spent:.1f} s: real-time factor {spent / audio:.2f}")
print(f"peak memory of the sidecar: {int(sys.argv[2]) / 1024:.0f} MB")
PY
