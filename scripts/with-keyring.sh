#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring, the way a
# desktop login would provide one. The keyring lives in a temp folder (XDG_DATA_HOME), so it never
# meets a keyring left behind by an earlier run with another password, and is gone afterwards.
# Usage: scripts/with-keyring.sh npm test
# COUPON_DESK_IN_KEYRING=1 stays set for the command: the keychain tests then fail, rather than
# skip, if the keyring did not come up (test/main/vault/keychain.real.test.ts).
set -euo pipefail
if [ -z "${COUPON_DESK_IN_KEYRING:-}" ]; then
  exec dbus-run-session -- env COUPON_DESK_IN_KEYRING=1 bash "$0" "$@"
fi
keyring_home="$(mktemp -d)"
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home"
printf '%s' "coupon-desk-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
