#!/usr/bin/env bash
# Installs the Debian packages named as arguments when they are missing.
# On systems without apt-get it prints what to install and goes on, so a
# machine that already has the libraries under other names still builds.
set -euo pipefail
missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing missing packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "cooldown needs these system packages (Debian names): ${missing[*]}" >&2
  echo "Install their equivalents with your package manager, then run make again." >&2
fi
