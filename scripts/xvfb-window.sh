# Sourced by the scripts that drive the real window (typing-check.sh, idle-check.sh): builds
# cooldown, makes a scratch folder ($work), starts a private Xvfb screen of $size (default
# 1280x720) on a free display, points the window at it with Mesa's software Vulkan, and stops
# it all on exit. A script sets `app` to the window's process id so that is stopped too.
# Before sourcing: `set -euo pipefail`, and the packages installed with scripts/deps.sh.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/cooldown/target}"
cargo build --quiet
bin="$CARGO_TARGET_DIR/debug/cooldown"
work="$(mktemp -d)"
display=":$((80 + RANDOM % 19))"
cleanup() {
  kill "${app:-}" "${xvfb:-}" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
Xvfb "$display" -screen 0 "${size:-1280x720}x24" >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY="$display" WGPU_ALLOW_UNDERLYING_NONCOMPLIANT_ADAPTER=1 XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
