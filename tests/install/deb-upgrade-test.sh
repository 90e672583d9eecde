#!/usr/bin/env bash
# Package updates through the vendor's apt repository. Builds version A (the project's) and a
# later version B of the packages with the repository URL set at build time to a loopback server
# this test runs; in a fresh Debian 12 root installs A from its .deb; publishes B with
# `parley-release apt-repo`: signed by another key, apt refuses the repository and A stays;
# signed by the vendor's (test) key, `apt-get update && apt-get upgrade` installs B.
# Needs root. Usage: deb-upgrade-test.sh SOURCE BUILD VERSION
set -euo pipefail
source_dir=$1 build=$2 version_a=$3
here=$(cd "$(dirname "$0")" && pwd)
[[ $(id -u) == 0 ]] || { echo "SKIP: needs root for chroot and mounts"; exit 77; }
command -v debootstrap >/dev/null || { echo "SKIP: debootstrap is not installed"; exit 77; }
source "$here/clean-root.sh"
IFS=. read -r major minor patch <<<"$version_a"
version_b=$major.$minor.$((patch + 1))

work=$(mktemp -d "${TMPDIR:-/var/tmp}/parley-upgrade-test.XXXXXX")
root=$work/root
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for home in "$work/vendor-gnupg" "$work/other-gnupg"; do gpgconf --homedir "$home" --kill all 2>/dev/null || true; done
  clean_root_remove "$root" && rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

stage "serve the repository from loopback"
mkdir -p "$work/www"
python=$(command -v /usr/bin/python3 || command -v python3)
coproc SERVER { exec "$python" -u -m http.server --bind 127.0.0.1 --directory "$work/www" 0 2>"$work/http.log"; }
pids+=("$SERVER_PID")
read -r -t 20 line <&"${SERVER[0]}" || fail "http.server did not start"
port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' <<<"$line")
[[ -n $port ]] || fail "no port in '$line'"
url=http://127.0.0.1:$port/apt

# A and B share their compiled objects through ccache (paths made relative to the source
# tree, the build directory left out of the hash): a warm run compiles only what includes the
# version. The repository URL only changes a data file.
build_version() {
  local version=$1 dir=$2
  stage "build version $version with the repository at $url"
  export CCACHE_BASEDIR=$source_dir CCACHE_NOHASHDIR=1
  cmake -S "$source_dir" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_BUILD_TESTS=OFF \
    -DPARLEY_BUILD_BENCH=OFF -DPARLEY_VERSION_OVERRIDE="$version" -DPARLEY_APT_REPO_URL="$url" \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache >"$work/configure-$version.log" ||
    { cat "$work/configure-$version.log" >&2; fail "configure $version"; }
  cmake --build "$dir" -j "$(nproc)" >"$work/build-$version.log" 2>&1 ||
    { tail -n 30 "$work/build-$version.log" >&2; fail "build $version"; }
  (cd "$dir" && cpack -G DEB --config CPackConfig.cmake >"$work/cpack-$version.log" 2>&1) ||
    { tail -n 30 "$work/cpack-$version.log" >&2; fail "cpack $version"; }
}
build_version "$version_a" "$build-upgrade-a"
build_version "$version_b" "$build-upgrade-b"
deb_a=$build-upgrade-a/packages/parley_${version_a}_amd64.deb
deb_b=$build-upgrade-b/packages/parley_${version_b}_amd64.deb

clean_root_create "$root"
cp "$deb_a" "$root/tmp/"
stage "install version $version_a from its .deb"
in_root "$root" apt-get update -qq
in_root "$root" apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb_a")" >"$work/install.log" 2>&1 ||
  { tail -n 30 "$work/install.log" >&2; fail "apt-get install of version $version_a"; }
grep -qx "URIs: $url" "$root/etc/apt/sources.list.d/parley.sources" || fail "the installed source does not name $url"
installed() { in_root "$root" dpkg-query -W -f='${Version}' parley; }

publish() {
  local gnupg=$1
  rm -rf "$work/www/apt"
  "$build/updater/parley-release" apt-repo --out "$work/www/apt" --gpg-homedir "$gnupg" \
    --key "$(gpg --homedir "$gnupg" --batch --with-colons --list-secret-keys | awk -F: '/^fpr/ { print $10; exit }')" \
    "$deb_b" >/dev/null
}

stage "version $version_b signed by another key: refused"
mkdir -m 700 "$work/other-gnupg"
gpg --homedir "$work/other-gnupg" --batch --quiet --passphrase '' --quick-gen-key "Not the vendor <other@example.org>" \
  ed25519 sign never
publish "$work/other-gnupg"
if in_root "$root" apt-get update >"$work/update-other.log" 2>&1; then
  cat "$work/update-other.log" >&2
  fail "apt accepted a repository signed by another key"
fi
grep -q "127.0.0.1:$port/apt stable InRelease" "$work/update-other.log" && grep -Eq 'NO_PUBKEY|not signed' "$work/update-other.log" ||
  { cat "$work/update-other.log" >&2; fail "apt's refusal does not name the signature"; }
in_root "$root" apt-get upgrade -y -qq >/dev/null 2>&1 || true
[[ $(installed) == "$version_a" ]] || fail "version $(installed) installed from a repository signed by another key"

stage "version $version_b signed by the vendor key: apt-get update && apt-get upgrade"
mkdir -m 700 "$work/vendor-gnupg"
gpg --homedir "$work/vendor-gnupg" --batch --quiet --import "$source_dir/installers/keys/parley-archive-test-secret-key.asc"
publish "$work/vendor-gnupg"
in_root "$root" apt-get update >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; fail "apt-get update"; }
in_root "$root" apt-get upgrade -y >"$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log" >&2; fail "apt-get upgrade"; }
[[ $(installed) == "$version_b" ]] || { cat "$work/upgrade.log" >&2; fail "apt-get upgrade left version $(installed)"; }
out=$(in_root "$root" parley-cli --version)
[[ $out == *"$version_b"* ]] || fail "after the upgrade parley-cli says '$out'"
grep -q "GET /apt/pool/main/p/parley/parley_${version_b}_amd64.deb" "$work/http.log" ||
  fail "the upgrade did not come from the loopback repository"
stage "done"
echo "apt upgrades $version_a to $version_b from the vendor-signed repository and refuses another key's"
