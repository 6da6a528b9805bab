#!/usr/bin/env bash
# Runs the keychain tests against a real Secret Service: a private D-Bus session with an
# unlocked gnome-keyring, in a throwaway HOME so the user's own keyring is never touched.
# Without dbus-run-session or gnome-keyring-daemon (a machine with nothing but Node) it says so in
# one line and skips: `vitest run` has already covered the no-keychain path. CI (.ci/run) installs
# both, so there these tests run for real.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(uname -s)" != "Linux" ]; then
  exec npx vitest run src-main/engine/security
fi
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "keychain tests: skipped — no Secret Service here (apt-get install gnome-keyring dbus dbus-x11 to run them)" >&2
  exit 0
fi
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export MCPGW_KEYRING_HOME="$home"
# The daemon exits with the session bus when dbus-run-session ends, so nothing is left running.
dbus-run-session -- bash -c '
  set -euo pipefail
  export HOME="$MCPGW_KEYRING_HOME" XDG_DATA_HOME="$MCPGW_KEYRING_HOME/.local/share" XDG_RUNTIME_DIR="$MCPGW_KEYRING_HOME"
  eval "$(printf "test-password" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL MCPGW_REQUIRE_KEYCHAIN=1
  npx vitest run src-main/engine/security
' 2> >(grep -v "Failed to set fd limit" >&2)
