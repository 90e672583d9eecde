#!/usr/bin/env bash
# parley-release apt-repo and rpm-repo publish the built packages as signed repositories, and
# refuse clearly what they cannot do. Usage: release-repository-test.sh PARLEY_RELEASE SOURCE BUILD VERSION
set -euo pipefail
release=$1 source=$2 build=$3 version=$4
deb=$build/packages/parley_${version}_amd64.deb
rpm_file=$build/packages/parley-${version}-1.x86_64.rpm
keys=$source/installers/keys
work=$(mktemp -d)
trap 'gpgconf --homedir "$work/gnupg" --kill all 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export GNUPGHOME=$work/gnupg
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --import "$keys/parley-archive-test-secret-key.asc"
key=$(gpg --batch --with-colons --list-secret-keys | awk -F: '/^fpr/ { print $10; exit }')

echo "== apt-repo"
"$release" apt-repo --out "$work/apt" --gpg-homedir "$GNUPGHOME" --key "$key" "$deb"
dists=$work/apt/dists/stable
for f in InRelease Release Release.gpg main/binary-amd64/Packages main/binary-amd64/Packages.gz; do
  [[ -s $dists/$f ]] || fail "apt repository lacks dists/stable/$f"
done
[[ -s $work/apt/pool/main/p/parley/$(basename "$deb") ]] || fail "the .deb is not in the pool"
grep -qx "Version: $version" "$dists/main/binary-amd64/Packages" || fail "Packages does not list version $version"
grep -qx "Filename: pool/main/p/parley/$(basename "$deb")" "$dists/main/binary-amd64/Packages" || fail "Packages' Filename"
grep -q '^Suite: stable$' "$dists/Release" || fail "Release has no Suite: stable"
grep -Eq '^ [0-9a-f]{64} +[0-9]+ main/binary-amd64/Packages$' "$dists/Release" || fail "Release has no SHA256 of Packages"
gpgv --keyring "$keys/parley-archive-test-keyring.gpg" "$dists/InRelease" 2>/dev/null || fail "InRelease does not verify"
gpgv --keyring "$keys/parley-archive-test-keyring.gpg" "$dists/Release.gpg" "$dists/Release" 2>/dev/null ||
  fail "Release.gpg does not verify"

# Signed by another key: the vendor keyring refuses it.
other=$work/other-gnupg
mkdir -m 700 "$other"
gpg --homedir "$other" --batch --quiet --passphrase '' --quick-gen-key "Not the vendor <other@example.org>" ed25519 sign never \
  2>/dev/null
other_key=$(gpg --homedir "$other" --batch --with-colons --list-secret-keys | awk -F: '/^fpr/ { print $10; exit }')
"$release" apt-repo --out "$work/apt-other" --gpg-homedir "$other" --key "$other_key" "$deb" >/dev/null
gpgv --keyring "$keys/parley-archive-test-keyring.gpg" "$work/apt-other/dists/stable/InRelease" 2>/dev/null &&
  fail "a repository signed by another key verifies with the vendor keyring"
gpgconf --homedir "$other" --kill all 2>/dev/null || true

echo "== refusals"
expect_refusal() {
  local code=$1 message=$2; shift 2
  local status=0
  "$release" "$@" >"$work/out" 2>"$work/err" || status=$?
  [[ $status == "$code" ]] || fail "'$*' exited $status, expected $code: $(cat "$work/err")"
  grep -qF -- "$message" "$work/err" || fail "'$*' said '$(cat "$work/err")', expected '$message'"
  [[ $(wc -l <"$work/err") == 1 ]] || fail "'$*' wrote more than one line of error"
}
expect_refusal 2 "--key is required" apt-repo --out "$work/x" --gpg-homedir "$GNUPGHOME" "$deb"
expect_refusal 2 "no .deb package given" apt-repo --out "$work/x" --gpg-homedir "$GNUPGHOME" --key "$key"
expect_refusal 2 "is not a .deb file" apt-repo --out "$work/x" --gpg-homedir "$GNUPGHOME" --key "$key" "$rpm_file"
expect_refusal 1 "no secret key 0123456789ABCDEF" apt-repo --out "$work/x" --gpg-homedir "$GNUPGHOME" \
  --key 0123456789ABCDEF "$deb"
expect_refusal 1 "missing.deb: no such file" apt-repo --out "$work/x" --gpg-homedir "$GNUPGHOME" --key "$key" \
  "$work/missing.deb"
expect_refusal 2 "--url is required" rpm-repo --out "$work/x" --gpg-homedir "$GNUPGHOME" --key "$key" "$rpm_file"
mkdir "$work/bin-without-tools"
for tool in gpg gpgconf gpg-agent dpkg-deb; do ln -s "$(command -v "$tool")" "$work/bin-without-tools/"; done
status=0
PATH=$work/bin-without-tools "$release" apt-repo --out "$work/x" --gpg-homedir "$GNUPGHOME" --key "$key" "$deb" \
  2>"$work/err" || status=$?
[[ $status == 1 ]] && grep -qxF "parley-release apt-repo: apt-ftparchive not found on PATH (install the apt-utils package)" \
  "$work/err" || fail "without apt-ftparchive: exit $status, '$(cat "$work/err")'"

echo "== rpm-repo"
url=http://127.0.0.1:8080/rpm
"$release" rpm-repo --out "$work/rpm" --gpg-homedir "$GNUPGHOME" --key "$key" --url "$url/" "$rpm_file"
signed=$work/rpm/Packages/$(basename "$rpm_file")
for f in repodata/repomd.xml repodata/repomd.xml.asc RPM-GPG-KEY-parley parley.repo; do
  [[ -s $work/rpm/$f ]] || fail "rpm repository lacks $f"
done
gpgv --keyring "$keys/parley-archive-test-keyring.gpg" "$work/rpm/repodata/repomd.xml.asc" \
  "$work/rpm/repodata/repomd.xml" 2>/dev/null || fail "repomd.xml.asc does not verify"
grep -q "$(basename "$rpm_file")" "$work/rpm/repodata/"*-primary.xml.gz 2>/dev/null ||
  zgrep -q "parley" "$work/rpm/repodata/"*primary.xml* || fail "primary metadata does not list the package"
for line in "baseurl=$url" "gpgcheck=1" "repo_gpgcheck=1" "gpgkey=$url/RPM-GPG-KEY-parley"; do
  grep -qx "$line" "$work/rpm/parley.repo" || fail "parley.repo lacks '$line'"
done
rpmdb=$work/rpmdb
mkdir "$rpmdb"
rpm --dbpath "$rpmdb" --import "$work/rpm/RPM-GPG-KEY-parley"
rpm --dbpath "$rpmdb" -K "$signed" | grep -q 'signatures OK' || fail "the published rpm is not signed by the vendor key"
rpm --dbpath "$rpmdb" -K "$rpm_file" | grep -q 'signatures OK' && fail "the input rpm was signed in place"
echo "apt and rpm repositories published and signed"
