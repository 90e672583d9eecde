#!/usr/bin/env bash
# The .deb on a clean system: in a fresh minimal Debian 12 root, `apt-get install ./parley_*.deb`
# pulls every runtime dependency from the archive; the installed parley-cli runs and chats with
# the fake provider (served outside the root on 127.0.0.1); the installed parley opens its
# window, with the icon and the window class the desktop entry names, on an Xvfb outside the root;
# `apt-get purge parley` leaves no file of ours under /usr nor the apt source and keyring. The
# vendor package creates its unprivileged system user and its purge removes it.
# Needs root (chroot, mounts). Usage: deb-install-test.sh BUILD VERSION FAKE_PROVIDER
set -euo pipefail
build=$1 version=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)
deb=$build/packages/parley_${version}_amd64.deb
vendor_deb=$build/packages/parley-licensing_${version}_amd64.deb
[[ $(id -u) == 0 ]] || { echo "SKIP: needs root for chroot and mounts"; exit 77; }
for tool in debootstrap unshare Xvfb xdotool xprop; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
source "$here/clean-root.sh"

work=$(mktemp -d "${TMPDIR:-/var/tmp}/parley-install-test.XXXXXX")
root=$work/root
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  clean_root_remove "$root" && rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

clean_root_create "$root"
cp "$deb" "$root/tmp/"
stage "apt-get update"
in_root "$root" apt-get update -qq
stage "apt-get install ./$(basename "$deb") (dependencies from the archive)"
in_root "$root" apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >"$work/install.log" 2>&1 ||
  { tail -n 30 "$work/install.log" >&2; fail "apt-get install of the .deb"; }
grep -c '^Unpacking ' "$work/install.log" | sed 's/^/packages unpacked: /'
in_root "$root" dpkg-query -W -f='${Status} ${Version}\n' parley | grep -qx "install ok installed $version" ||
  fail "parley $version is not installed"
in_root "$root" dpkg -L parley >"$work/parley-files"

stage "parley-cli --version"
out=$(in_root "$root" parley-cli --version)
[[ $out == *"$version"* ]] || fail "installed parley-cli --version says '$out'"

stage "chat with the fake provider outside the root"
coproc FAKE { exec "$fake" --port 0; }
pids+=("$FAKE_PID")
read -r -t 20 port <&"${FAKE[0]}" || fail "fake provider did not start"
in_root "$root" parley-cli --home /tmp/profile provider add local --kind openai-compatible \
  --base-url "http://127.0.0.1:$port/v1" --model test-model >/dev/null
reply=$(in_root "$root" parley-cli --home /tmp/profile chat -p local "hello from the clean system") ||
  fail "chat from the installed parley-cli"
[[ $reply == *"Hello! This is a reply from the fake provider."* ]] || fail "unexpected reply: $reply"

stage "parley opens its window under Xvfb"
exec 3<> <(:)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
read -r -t 20 display <&3 || fail "Xvfb did not start"
export DISPLAY=":$display"
# The pid file gives this namespace's pid of the app, so the test can stop it.
in_root "$root" /bin/sh -c 'echo $$ >/tmp/parley.pid; exec parley --home /tmp/profile' >"$work/parley.log" 2>&1 &
pids+=($!)
window=$(timeout 60 xdotool search --sync --onlyvisible --name '^Parley$' | head -n 1) || true
[[ -n $window ]] || { cat "$work/parley.log" >&2; fail "the installed parley opened no window"; }
pids+=("$(cat "$root/tmp/parley.pid")")
wm_class=$(xprop -id "$window" WM_CLASS)
startup_class=$(sed -n 's/^StartupWMClass=//p' "$root/usr/share/applications/io.parley.Parley.desktop")
[[ $wm_class == *"\"$startup_class\""* ]] ||
  fail "window class ($wm_class) does not match the desktop entry's StartupWMClass=$startup_class"
icons=$(xprop -id "$window" _NET_WM_ICON)
[[ $icons == *"Icon (16 x 16)"* && $icons == *"Icon (48 x 48)"* ]] ||
  { head -c 300 <<<"$icons" >&2; cat "$work/parley.log" >&2; fail "the window has no icon"; }
kill "$(cat "$root/tmp/parley.pid")"

stage "the vendor package: its system user, made on install and removed on purge"
cp "$vendor_deb" "$root/tmp/"
in_root "$root" apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$vendor_deb")" >"$work/vendor.log" 2>&1 ||
  { tail -n 30 "$work/vendor.log" >&2; fail "apt-get install of the vendor package"; }
user=$(in_root "$root" getent passwd parley-licensing) || fail "no parley-licensing system user"
uid=$(cut -d: -f3 <<<"$user")
[[ $uid -gt 0 && $uid -lt 1000 ]] || fail "parley-licensing is not a system user: $user"
[[ $(cut -d: -f7 <<<"$user") == */nologin ]] || fail "parley-licensing can log in: $user"
usage=$(in_root "$root" parley-release --help 2>&1 || true)
[[ $usage == "usage: parley-release COMMAND"* && $usage == *"apt-repo"* ]] ||
  fail "installed parley-release does not run: $usage"
in_root "$root" apt-get purge -y -qq parley-licensing >"$work/vendor-purge.log" 2>&1 ||
  { cat "$work/vendor-purge.log" >&2; fail "purge of the vendor package"; }
in_root "$root" getent passwd parley-licensing && fail "purge left the parley-licensing user"

stage "apt-get purge parley"
in_root "$root" apt-get purge -y -qq parley >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "purge"; }
left=""
while read -r path; do
  [[ -e $root$path && ! -d $root$path ]] && left+=" $path"
done <"$work/parley-files"
[[ -z $left ]] || fail "purge left:$left"
# (parley-ci-* are the test root's own apt and dpkg settings.)
leftovers=$(find "$root/usr" "$root/etc" -iname '*parley*' ! -name 'parley-ci-*' | sed "s|^$root||")
[[ -z $leftovers ]] || fail "purge left: $leftovers"
stage "done"
echo "the .deb installs on a clean system, runs, and purges cleanly"
