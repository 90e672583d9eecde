#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real gnome-keyring
# Secret Service, in a throwaway HOME so the developer's own keyring is never
# touched. Usage: run-with-session.sh COMMAND [ARGS...]
set -euo pipefail
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
       XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- bash -c '
  # A password on stdin creates and unlocks the login keyring (an empty one
  # would leave gnome-keyring asking a prompter that cannot run here).
  printf parley-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' session "$@" 2> >(grep -v -e "^dbus-daemon\[" -e "Failed to set fd limit" \
  -e "^SpiRegistry daemon is running" >&2)
