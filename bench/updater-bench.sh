#!/usr/bin/env bash
# parley-updater apply of a ~200 MB artifact (download over TLS from the fake
# CloudFront, SHA-256, unpack, switch, health check) against curl + sha256sum
# + tar x of the same file from the same server, in the same run; the ratio
# (target <= 1.2) and the updater's peak RSS (target < 30 MB).
# Usage: updater-bench.sh BUILD_DIR [MEGABYTES]
# Runs inside tests/run-with-session.sh (the updater reads the license key
# from the Secret Service).
set -euo pipefail
build=$(cd "$1" && pwd) megabytes=${2:-200}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
licensing=$build/licensing/parley-licensing release=$build/updater/parley-release
updater=$build/updater/parley-updater cdn=$build/tests/fakes/parley-fake-cloudfront cli=$build/cli/parley-cli
keys=$source_dir/tests/keys
platform=$(uname -s | tr A-Z a-z)-$(uname -m)
work=$(mktemp -d)
trap 'kill "${CDN_PID:-}" "${SERVICE_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

bash "$source_dir/tests/fakes/make-test-certs.sh" "$work/certs"
version=9.9.0
mkdir -p "$work/stage/parley-$version/bin" "$work/cdn/releases"
printf '#!/bin/sh\necho "parley-cli %s"\n' "$version" >"$work/stage/parley-$version/bin/parley-cli"
chmod +x "$work/stage/parley-$version/bin/parley-cli"
# Incompressible, like the binaries of a real release.
head -c "$((megabytes * 1024 * 1024))" /dev/urandom >"$work/stage/parley-$version/payload.bin"
artifact=releases/parley-$version-$platform.tar.gz
tar -C "$work/stage" -czf "$work/cdn/$artifact" "parley-$version"
rm -rf "$work/stage"
size=$(stat -c %s "$work/cdn/$artifact")

now=$(date -u +%s)
"$release" manifest --version "$version" --channel stable --serial 1 \
  --released "$(date -u -d "@$((now - 86400))" +%FT%TZ)" --expires "$(date -u -d "@$((now + 86400))" +%FT%TZ)" \
  --artifact "$platform=$work/cdn/$artifact@$artifact" -o "$work/manifest.json" >/dev/null
"$release" sign -s "$keys/release-test.key" -m "$work/manifest.json" >/dev/null
"$licensing" init --data "$work/data" >/dev/null
"$licensing" release publish --data "$work/data" -p "$keys/release-test.pub" "$work/manifest.json" \
  "$work/manifest.json.minisig" >/dev/null

# The fake CDN ends when its stdin closes, so it runs as a coprocess.
coproc CDN { exec "$cdn" --port 0 --root "$work/cdn" --tls-cert "$work/certs/good.pem" \
  --tls-key "$work/certs/good.key" --cloudfront-key "KTESTPARLEY01=$keys/cloudfront-test-public.pem"; }
read -r cdn_port <&"${CDN[0]}"
mkfifo "$work/service.out"
exec 3<>"$work/service.out"  # held open read-write: the service never writes to a closed pipe
"$licensing" serve --data "$work/data" --listen 127.0.0.1:0 --cloudfront-base "https://127.0.0.1:$cdn_port" \
  --cloudfront-key-pair-id KTESTPARLEY01 --cloudfront-private-key "$keys/cloudfront-test-private.pem" \
  --access-log "$work/access.log" >&3 &
SERVICE_PID=$!
read -r line <&3
service_url=${line#listening on }

export PARLEY_HOME=$work/home
"$cli" config set license.server "$service_url" >/dev/null
"$cli" config set network.ca_file "$work/certs/ca.pem" >/dev/null

seconds() { python3 -c 'import time; print(time.monotonic())'; }

# The reference: the same URL the service hands out, fetched by curl.
url=$(curl -sS -X POST "$service_url/api/update/check" -H 'Content-Type: application/json' \
  -d "{\"product\":\"parley\",\"version\":\"0.0.1\",\"platform\":\"$platform\",\"channel\":\"stable\",\"fingerprint\":\"$(printf '%064d' 0)\",\"license_key\":\"\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["url"])')
mkdir -p "$work/ref"
start=$(seconds)
curl -sSf --cacert "$work/certs/ca.pem" -o "$work/ref/a.tar.gz" "$url"
sha256sum "$work/ref/a.tar.gz" >/dev/null
tar -C "$work/ref" -xzf "$work/ref/a.tar.gz"
end=$(seconds)
reference=$(python3 -c "print($end - $start)")
rm -rf "$work/ref"

start=$(seconds)
/usr/bin/time -f %M -o "$work/rss" "$updater" --install-root "$work/root" apply >/dev/null 2>"$work/updater.err" ||
  { cat "$work/updater.err" >&2; exit 1; }
end=$(seconds)
updater_s=$(python3 -c "print($end - $start)")
[ "$(readlink "$work/root/current")" != "" ] || { echo "nothing installed" >&2; exit 1; }

echo "artifact:                     $((size / 1024 / 1024)) MB"
printf 'curl + sha256sum + tar x:     %.2f s\n' "$reference"
printf 'parley-updater apply:         %.2f s\n' "$updater_s"
python3 -c "print(f'ratio:                        {$updater_s / $reference:.2f} (target <= 1.2)')"
echo "parley-updater peak RSS:      $(($(cat "$work/rss") / 1024)) MB (target < 30 MB)"
