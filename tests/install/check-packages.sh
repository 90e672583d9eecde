#!/usr/bin/env bash
# Checks the built packages as a distribution would: lintian (no error, no warning), the desktop
# entry and AppStream metainfo validators, the rpm's file list and requirements, no RPATH and
# no symbols in any packaged binary, and the tarball's layout.
# Usage: check-packages.sh BUILD VERSION
set -euo pipefail
build=$1 version=$2
packages=$build/packages
deb=$packages/parley_${version}_amd64.deb
vendor_deb=$packages/parley-licensing_${version}_amd64.deb
rpm=$packages/parley-${version}-1.x86_64.rpm
tgz=$packages/parley-${version}-linux-x86_64.tar.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
check() { local what=$1; shift; "$@" || fail "$what"; }

echo "== lintian"
for package in "$deb" "$vendor_deb"; do
  if ! lintian --fail-on error,warning --tag-display-limit 0 "$package" >"$work/lintian.txt" 2>&1; then
    cat "$work/lintian.txt" >&2
    fail "lintian finds errors or warnings in $(basename "$package")"
  fi
  grep -E '^[EW]: ' "$work/lintian.txt" && fail "lintian reports on $(basename "$package")"
done

echo "== deb control and contents"
mkdir -p "$work/deb"
dpkg-deb -x "$deb" "$work/deb"
control=$(dpkg-deb -f "$deb")
grep -q '^Section: net$' <<<"$control" || fail "deb Section is not net"
grep -q '^Homepage: https://' <<<"$control" || fail "deb has no Homepage"
grep -Eq '^Depends: .*libwx_gtk3u_core-3.2-1' <<<"$control" || grep -Eq '^Depends: .*libwxgtk3.2-1' <<<"$control" ||
  fail "deb Depends lacks wxWidgets (shlibdeps did not run?)"
grep -Eq '^Depends: .*libsecret-1-0' <<<"$control" || fail "deb Depends lacks libsecret"
grep -Eq '^Depends: .*libmd4c0' <<<"$control" || fail "deb Depends lacks md4c"
grep -Eq '^Recommends: .*gnome-keyring' <<<"$control" || fail "deb does not recommend a Secret Service provider"
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles >"$work/conffiles"
grep -qx /etc/apt/sources.list.d/parley.sources "$work/conffiles" || fail "parley.sources is not a conffile"
grep -qx /etc/apt/preferences.d/parley.pref "$work/conffiles" || fail "parley.pref is not a conffile"
# Debian's own "parley" (KDE) must never be taken for an upgrade of this one.
grep -Pzq 'Package: parley\nPin: release o=Debian\nPin-Priority: -1' "$work/deb/etc/apt/preferences.d/parley.pref" ||
  fail "parley.pref does not keep Debian's parley out"
sources=$work/deb/etc/apt/sources.list.d/parley.sources
for line in "Types: deb" "Suites: stable" "Components: main" "Signed-By: /usr/share/keyrings/parley-archive-keyring.gpg"; do
  grep -qx "$line" "$sources" || fail "parley.sources lacks '$line'"
done
grep -q '^URIs: ' "$sources" || fail "parley.sources has no URIs"
gpg --show-keys "$work/deb/usr/share/keyrings/parley-archive-keyring.gpg" >/dev/null 2>&1 ||
  fail "the installed keyring is not an OpenPGP keyring"
for f in usr/bin/parley usr/bin/parley-cli usr/share/applications/io.parley.Parley.desktop \
         usr/share/metainfo/io.parley.Parley.metainfo.xml usr/share/icons/hicolor/scalable/apps/io.parley.Parley.svg \
         usr/share/icons/hicolor/48x48/apps/io.parley.Parley.png usr/share/icons/hicolor/512x512/apps/io.parley.Parley.png \
         usr/share/man/man1/parley.1.gz usr/share/man/man1/parley-cli.1.gz usr/share/doc/parley/copyright \
         usr/share/doc/parley/changelog.gz usr/share/bash-completion/completions/parley-cli \
         usr/share/zsh/vendor-completions/_parley-cli; do
  [[ -e $work/deb/$f ]] || fail "deb lacks /$f"
done
dpkg-deb -f "$vendor_deb" Package | grep -qx parley-licensing || fail "vendor deb is not parley-licensing"
dpkg-deb --ctrl-tarfile "$vendor_deb" | tar -xO ./postinst | grep -q 'adduser --system' ||
  fail "parley-licensing's postinst does not create its system user"
dpkg-deb --ctrl-tarfile "$vendor_deb" | tar -xO ./postrm | grep -q 'deluser --system' ||
  fail "parley-licensing's postrm does not remove its system user on purge"

echo "== desktop entry and AppStream"
desktop=$work/deb/usr/share/applications/io.parley.Parley.desktop
metainfo=$work/deb/usr/share/metainfo/io.parley.Parley.metainfo.xml
check "desktop-file-validate" desktop-file-validate "$desktop"
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate"
release=$(python3 -c 'import sys, xml.etree.ElementTree as t; print(t.parse(sys.argv[1]).find("releases/release").get("version"))' "$metainfo")
[[ $release == "$version" ]] || fail "metainfo's newest release is $release, the project is $version"
[[ $("$work/deb/usr/bin/parley-cli" --version) == *"$version"* ]] || fail "packaged parley-cli --version is not $version"
grep -qx 'StartupWMClass=parley' "$desktop" || fail "desktop entry's StartupWMClass is not the window's class"

echo "== binaries: stripped, no RPATH"
mkdir -p "$work/rpm" "$work/tgz"
(cd "$work/rpm" && rpm2cpio "$rpm" | cpio -idm --quiet)
tar -C "$work/tgz" -xzf "$tgz"
mkdir -p "$work/vendor"
dpkg-deb -x "$vendor_deb" "$work/vendor"
binaries=$(find "$work/deb" "$work/rpm" "$work/tgz" "$work/vendor" -type f -perm -u+x -exec sh -c 'file -b "$1" | grep -q ELF' _ {} \; -print)
[[ -n $binaries ]] || fail "no ELF binary found in the packages"
while read -r binary; do
  if readelf -d "$binary" | grep -Eq '\((RPATH|RUNPATH)\)'; then fail "${binary#"$work"/} has an RPATH: $(readelf -d "$binary" | grep -E 'RPATH|RUNPATH')"; fi
  file -b "$binary" | grep -q ', stripped' || fail "${binary#"$work"/} is not stripped"
  strings "$binary" | grep -F "$build" >/dev/null && fail "${binary#"$work"/} names the build tree"
done <<<"$binaries"

echo "== rpm"
rpm -qp --qf '%{NAME} %{VERSION} %{RELEASE} %{ARCH}\n' "$rpm" 2>/dev/null | grep -qx "parley $version 1 x86_64" ||
  fail "rpm name/version/arch"
rpm -qpl "$rpm" 2>/dev/null | sort >"$work/rpm-files"
for f in /usr/bin/parley /usr/bin/parley-cli /usr/share/applications/io.parley.Parley.desktop \
         /usr/share/metainfo/io.parley.Parley.metainfo.xml /usr/share/icons/hicolor/256x256/apps/io.parley.Parley.png \
         /usr/share/man/man1/parley-cli.1.gz /usr/share/doc/parley/copyright; do
  grep -qx "$f" "$work/rpm-files" || fail "rpm lacks $f"
done
grep -E '^/etc/apt|keyrings|/lintian/' "$work/rpm-files" && fail "rpm carries the deb's apt files"
# Directories the rpm owns: only its own (other packages own /usr/share/icons/…, man1, …).
rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$rpm" 2>/dev/null | awk '$1 ~ /^d/ { print $2 }' >"$work/rpm-dirs"
while read -r dir; do
  case $dir in
    /usr/share/doc/parley) ;;
    *) fail "rpm claims directory $dir (owned by filesystem or other packages)" ;;
  esac
done <"$work/rpm-dirs"
rpm -qpR "$rpm" 2>/dev/null >"$work/rpm-requires"
for lib in 'libwx_gtk3u_core-3.2.so.0' 'libsecret-1.so.0' 'libPocoNet.so' 'libmd4c.so.0' 'libc.so.6'; do
  grep -q "$lib" "$work/rpm-requires" || fail "rpm does not require $lib"
done

echo "== tarball"
top=$(tar -tzf "$tgz" | cut -d/ -f1 | sort -u)
[[ $top == "parley-$version" ]] || fail "tarball's top folders are '$top', not parley-$version"
for f in bin/parley bin/parley-cli install.sh uninstall.sh share/applications/io.parley.Parley.desktop \
         share/icons/hicolor/scalable/apps/io.parley.Parley.svg; do
  [[ -e $work/tgz/parley-$version/$f ]] || fail "tarball lacks parley-$version/$f"
done
[[ -x $work/tgz/parley-$version/install.sh ]] || fail "install.sh is not executable"
tar -tzf "$tgz" | grep -E '/etc/|keyrings|parley-release' && fail "tarball carries deb or vendor files"

[[ $failures -eq 0 ]] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "all package checks passed"
