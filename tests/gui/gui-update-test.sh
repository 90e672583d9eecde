#!/usr/bin/env bash
# GUI test: Help › Check for Updates… in the real `parley` window under Xvfb,
# against the real parley-licensing offering a release published with
# parley-release and served by parley-fake-cloudfront: the dialog shows the
# offered version (its title names it) and the link to its release notes,
# and Install hands over to `parley-updater apply --restart`, which installs
# it and starts it.
# Usage: gui-update-test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)

keys=$source_dir/tests/keys
# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

# The app runs parley-updater from its own folder, as an install lays them out.
mkdir -p "$work/bin"
cp "$build/ui/parley" "$build/updater/parley-updater" "$work/bin/"

bash "$source_dir/tests/fakes/make-test-certs.sh" "$work/certs"
platform=$(uname -s | tr A-Z a-z)-$(uname -m)
version=9.9.0
mkdir -p "$work/stage/parley-$version/bin" "$work/cdn/releases"
printf '#!/bin/sh\necho "parley-cli %s"\n' "$version" >"$work/stage/parley-$version/bin/parley-cli"
# The new version's app only says it was started, and by whom.
printf '#!/bin/sh\necho "started from $0" >"$PARLEY_HOME/restarted"\n' >"$work/stage/parley-$version/bin/parley"
chmod +x "$work/stage/parley-$version/bin/parley-cli" "$work/stage/parley-$version/bin/parley"
artifact=releases/parley-$version-$platform.tar.gz
tar -C "$work/stage" -czf "$work/cdn/$artifact" "parley-$version"
now=$(date -u +%s)
notes=https://parley.example/releases/$version
"$build/updater/parley-release" manifest --version "$version" --channel stable --serial 1 \
  --released "$(date -u -d "@$((now - 86400))" +%FT%TZ)" --expires "$(date -u -d "@$((now + 86400))" +%FT%TZ)" \
  --artifact "$platform=$work/cdn/$artifact@$artifact" --notes "$notes" -o "$work/manifest.json" >/dev/null
"$build/updater/parley-release" sign -s "$keys/release-test.key" -m "$work/manifest.json" >/dev/null
"$build/licensing/parley-licensing" init --data "$work/data" >/dev/null
"$build/licensing/parley-licensing" release publish --data "$work/data" -p "$keys/release-test.pub" \
  "$work/manifest.json" "$work/manifest.json.minisig" >/dev/null

# The fake CDN ends when its stdin closes, so it runs as a coprocess.
coproc CDN { exec "$build/tests/fakes/parley-fake-cloudfront" --port 0 --root "$work/cdn" \
  --tls-cert "$work/certs/good.pem" --tls-key "$work/certs/good.key" \
  --cloudfront-key "KTESTPARLEY01=$keys/cloudfront-test-public.pem"; }
pids+=("$CDN_PID")
read -r -t 20 cdn_port <&"${CDN[0]}" || fail "parley-fake-cloudfront did not start"
mkfifo "$work/service.out"
exec 4<>"$work/service.out"
"$build/licensing/parley-licensing" serve --data "$work/data" --listen 127.0.0.1:0 \
  --cloudfront-base "https://127.0.0.1:$cdn_port" --cloudfront-key-pair-id KTESTPARLEY01 \
  --cloudfront-private-key "$keys/cloudfront-test-private.pem" --access-log "$work/access.log" >&4 &
pids+=($!)
read -r -t 20 line <&4 || fail "parley-licensing did not start"

export PARLEY_HOME="$work/home" PARLEY_INSTALL_ROOT="$work/root"
"$build/cli/parley-cli" config set license.server "${line#listening on }" >/dev/null
"$build/cli/parley-cli" config set network.ca_file "$work/certs/ca.pem" >/dev/null
checks() { grep -c '"path":"/api/update/check"' "$work/access.log" || true; }
checked_at_least() { [[ $(checks) -ge $1 ]]; }

# update.auto_check (on by default): the first start asks the service once,
# in the background; a second start the same day does not ask again.
"$work/bin/parley" >"$work/parley-first.log" 2>&1 &
first=$!
pids+=("$first")
wait_until "the background update check" checked_at_least 1
wait_until "the check's date to be kept" test -s "$work/home/state/updater/last-auto-check"
kill "$first"
wait "$first" 2>/dev/null || true

"$work/bin/parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window
xdotool key --window "$window" --clearmodifiers alt+h
xdotool key u

dialog=$(timeout 60 xdotool search --sync --onlyvisible --name "Parley $version is available" | head -n 1) || true
[[ -n "$dialog" ]] || fail "Check for Updates did not show $version: $(xdotool search --onlyvisible --name 'Check for Updates' getwindowname 2>/dev/null)"
# The background check of the first start, then this one: none from the second start.
[[ "$(checks)" == 2 ]] || fail "expected 2 update checks (one automatic, one asked for), saw $(checks)"
# The signed manifest's release notes, as a link a screen reader announces.
link=$(/usr/bin/python3 "$here/accessible.py" find parley "push button" "Release notes") ||
  fail "no Release notes link in the dialog: $(/usr/bin/python3 "$here/accessible.py" tree parley | grep -v 'menu item')"
[[ "$link" == *"$notes"* ]] || fail "the Release notes link does not lead to $notes: $link"

app_pid=${pids[-1]}
xdotool windowfocus --sync "$dialog"
xdotool key --window "$dialog" --clearmodifiers alt+i
# Install hands over to parley-updater apply --restart: the new version is
# installed and started, and this window closes to make way for it.
wait_until "the new version to be started" test -s "$work/home/restarted"
grep -q "started from $work/root/current/bin/parley" "$work/home/restarted" ||
  fail "the new version was not started from ROOT/current: $(cat "$work/home/restarted")"
[[ "$(readlink "$work/root/current")" == *"$version" ]] || fail "ROOT/current does not point at $version"
wait_until "the old window to close" bash -c "! kill -0 $app_pid 2>/dev/null"
echo "PASS: Check for Updates shows, installs and restarts into Parley $version"
