#!/usr/bin/env bash
# parley-updater.exe under Wine against the real vendor side on loopback (the
# Linux parley-licensing deciding and signing CloudFront URLs, the Linux
# parley-release signing manifests with the repo's TEST key, the Linux
# parley-fake-cloudfront serving the .zip artifacts over TLS whose CA is
# trusted through the Windows ROOT store). A is this build, installed by its
# own installer; the installed parley-updater.exe updates it to B in the
# installer's folder, where the Start menu's launcher then starts B; a C that
# fails its start-up check is rolled back and blocklisted.
#   updater-test.sh WINDOWS_BUILD_DIR VERSION LICENSING RELEASE FAKE_CLOUDFRONT SOURCE_DIR
set -euo pipefail
build=$1 version_a=$2 licensing=$3 release=$4 cloudfront=$5 source_dir=$6
source "$(dirname "$0")/wine-prefix.sh"
setup=$build/packages/parley-$version_a-windows-x86_64-setup.exe
stub=$build/tests/windows/version-stub.exe
tool=$build/tests/windows/windows-test-tool.exe
for f in "$setup" "$stub" "$tool"; do
  [[ -f $f ]] || { echo "not built: $f (run scripts/dev.sh windows)" >&2; exit 1; }
done
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d)
stop_servers() {
  exec 4>&-
  [[ -n ${cdn_pid:-} ]] && kill "$cdn_pid" 2>/dev/null
  [[ -n ${service_pid:-} ]] && kill "$service_pid" 2>/dev/null
  rm -rf "$work"
}
wine_cleanup_hooks+=(stop_servers)
"$source_dir/tests/fakes/make-test-certs.sh" "$work/certs"
keys=$source_dir/tests/keys
platform=windows-x86_64

# first_line FILE PID WHAT: the first line a starting server prints.
first_line() {
  local line=""
  for _ in $(seq 1 300); do
    line=$(head -n1 "$1" 2>/dev/null) && [[ -n $line ]] && break
    kill -0 "$2" 2>/dev/null || fail "$3 did not start: $(cat "$1.err")"
    sleep 0.1
  done
  [[ -n $line ]] || fail "$3 printed nothing: $(cat "$1.err")"
  echo "$line"
}

mkdir -p "$work/cdn/releases"
mkfifo "$work/cdn-in"
"$cloudfront" --port 0 --root "$work/cdn" --tls-cert "$work/certs/good.pem" --tls-key "$work/certs/good.key" \
  --cloudfront-key "KTESTPARLEY01=$keys/cloudfront-test-public.pem" <"$work/cdn-in" >"$work/cdn.out" \
  2>"$work/cdn.out.err" &
cdn_pid=$!
exec 4>"$work/cdn-in"  # the fake CDN serves until its stdin closes
cdn_port=$(first_line "$work/cdn.out" "$cdn_pid" parley-fake-cloudfront)

"$licensing" init --data "$work/data" >/dev/null
"$licensing" serve --data "$work/data" --listen 127.0.0.1:0 --cloudfront-base "https://127.0.0.1:$cdn_port" \
  --cloudfront-key-pair-id KTESTPARLEY01 --cloudfront-private-key "$keys/cloudfront-test-private.pem" \
  >"$work/service.out" 2>"$work/service.out.err" &
service_pid=$!
service_url=$(first_line "$work/service.out" "$service_pid" "parley-licensing serve")
service_url=${service_url#listening on }

now=$(date -u +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
serial=4
# publish VERSION SAYS: a release whose parley-cli.exe answers "parley-cli SAYS".
publish() {
  local version=$1 says=$2 stage=$work/stage-$1
  serial=$((serial + 1))
  mkdir -p "$stage/parley-$version/bin"
  cp "$stub" "$stage/parley-$version/bin/parley-cli.exe"
  printf '%s\n' "$says" >"$stage/parley-$version/bin/says.txt"
  local name=releases/parley-$version-$platform.zip
  (cd "$stage" && cmake -E tar cf "$work/cdn/$name" --format=zip "parley-$version")
  "$release" manifest --version "$version" --channel stable --serial "$serial" --released "$(iso $((now - 86400)))" \
    --expires "$(iso $((now + 30 * 86400)))" --artifact "$platform=$work/cdn/$name@$name" -o "$work/m-$version.json"
  "$release" sign -s "$keys/release-test.key" -m "$work/m-$version.json" >/dev/null
  "$licensing" release publish --data "$work/data" -p "$keys/release-test.pub" "$work/m-$version.json" \
    "$work/m-$version.json.minisig" >/dev/null
}

unset DISPLAY WAYLAND_DISPLAY
make_wine_prefix
wine "$tool" add-root "$(winepath -w "$work/certs/ca.pem")"
timeout 300 wine "$setup" /S
wineserver -w
root_unix=$(winepath -u "$(wine cmd /c echo "%LOCALAPPDATA%" | tr -d '\r')" | sed 's:/$::')/Programs/Parley
current() { tr -d '\r\n' <"$root_unix/current" 2>/dev/null || true; }
[[ $(current) == "$version_a" ]] || fail "the installer did not install A ($version_a): current is '$(current)'"
home=$(winepath -w "$work/home")
# What the Start menu and a terminal run: the launchers in the install folder.
cli() { timeout 120 wine "$root_unix/parley-cli.exe" --home "$home" "$@"; }
cli config set license.server "$service_url"
# The installed updater, with the default install root: the installer's folder.
updater() { timeout 300 wine "$root_unix/versions/$version_a/bin/parley-updater.exe" --home "$home" "$@"; }
launcher_says() { timeout 60 wine "$root_unix/parley-cli.exe" --version | tr -d '\r'; }
[[ $(launcher_says) == "parley-cli $version_a" ]] || fail "A does not start through the launcher: $(launcher_says)"

publish 1.1.0 1.1.0
updater check --json >"$work/check.json" 2>"$work/check.err" || fail "check: $(cat "$work/check.err")"
[[ $(jq -r .offered.version <"$work/check.json") == 1.1.0 ]] || fail "B not offered: $(cat "$work/check.json")"
[[ $(jq -r .installed <"$work/check.json") == "$version_a" ]] || fail "A not seen as installed: $(cat "$work/check.json")"
updater apply --json >"$work/b.json" 2>"$work/b.err" || fail "updating to B: $(cat "$work/b.err")"
[[ $(jq -r .to <"$work/b.json") == 1.1.0 ]] || fail "apply did not report B: $(cat "$work/b.json")"
grep -q 'downloading: 100%' "$work/b.err" || fail "no download progress to 100%: $(cat "$work/b.err")"
[[ $(current) == 1.1.0 ]] || fail "after updating to B, current is '$(current)'"
[[ $(launcher_says) == "parley-cli 1.1.0" ]] || fail "the launcher does not start B: $(launcher_says)"
echo "A -> B: $(tr -d '\r' <"$work/b.json")"

publish 1.2.0 0.0.0-broken
status=0
updater apply >"$work/c.out" 2>"$work/c.err" || status=$?
[[ $status -eq 8 ]] || fail "a C that fails its start-up check: exit $status, expected 8: $(cat "$work/c.err")"
grep -q "failed its start-up check" "$work/c.err" || fail "no start-up check message: $(cat "$work/c.err")"
[[ $(current) == 1.1.0 ]] || fail "after C was refused, current is '$(current)'"
[[ $(launcher_says) == "parley-cli 1.1.0" ]] || fail "after C was refused the launcher starts: $(launcher_says)"
updater status --json >"$work/status.json"
[[ $(jq -c .blocklist <"$work/status.json") == '["1.2.0"]' ]] || fail "C not blocklisted: $(cat "$work/status.json")"
echo "C rolled back and blocklisted: $(tr -d '\r' <"$work/c.err")"
echo "parley-updater.exe passed under $(wine --version)"
