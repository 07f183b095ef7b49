#!/usr/bin/env bash
# Voices the bundled pack with espeak-ng placeholders, one voice per persona, shaded by each
# line's emotion: every line without a current recording gets scenarios/audio/<line>.wav and an
# entry in scenarios/audio/takes.ron. Lines a trainer recorded are never overwritten; to redo
# one placeholder (after editing its text, say), pass `--line ID`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cooldown/target}"
if ! command -v espeak-ng >/dev/null; then
  bash scripts/deps.sh espeak-ng
fi
cargo run --quiet -- record scenarios --synthesise "$@"
