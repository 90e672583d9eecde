#!/usr/bin/env bash
# The Windows installer under Wine, as a user runs it: signed with a test
# code-signing certificate (osslsigncode sign + verify), installed silently
# into a fresh WINEPREFIX, parley-cli.exe --version run from the installed
# folder, the Start-menu shortcut and the HKCU uninstall entry present, an
# upgrade in place over it, and the uninstaller removing all of it.
#   installer-test.sh WINDOWS_BUILD_DIR VERSION
set -euo pipefail
build=$1 version=$2
source "$(dirname "$0")/wine-prefix.sh"
setup=$build/packages/parley-$version-windows-x86_64-setup.exe
[[ -f $setup ]] || { echo "not built: $setup (run scripts/dev.sh windows)" >&2; exit 1; }
command -v osslsigncode >/dev/null || { echo "osslsigncode is not installed (scripts/dev.sh deps)" >&2; exit 1; }
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
remove_work() { rm -rf "$work"; }
wine_cleanup_hooks+=(remove_work)

# A throwaway code-signing certificate; the vendor's real one signs releases.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/cs.key" -out "$work/cs.pem" -days 2 \
  -subj "/CN=Parley test code signing" -addext "extendedKeyUsage=codeSigning" \
  -addext "keyUsage=critical,digitalSignature" >/dev/null 2>&1
signed=$work/parley-$version-windows-x86_64-setup.exe
cp "$setup" "$signed"
# The release pipeline's own signing step (installers/windows/codesign.sh).
"$(dirname "$0")/../../installers/windows/codesign.sh" "$work/cs.pem" "$work/cs.key" "$work/cs.pem" "$signed" \
  >/dev/null || fail "codesign.sh could not sign the installer"
osslsigncode verify -CAfile "$work/cs.pem" -in "$signed" >"$work/verify.log" 2>&1 ||
  fail "osslsigncode verify refused the signed installer: $(cat "$work/verify.log")"
grep -q 'Signature verification: ok' "$work/verify.log" || fail "no verified signature: $(cat "$work/verify.log")"
if osslsigncode verify -CAfile "$work/cs.pem" -in "$setup" >/dev/null 2>&1; then
  fail "osslsigncode verify accepted the unsigned installer"
fi
# A signature is only as good as the CA it chains to: another one refuses it.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/other.key" -out "$work/other.pem" -days 2 \
  -subj "/CN=Another CA" >/dev/null 2>&1
cp "$setup" "$work/copy.exe"
if "$(dirname "$0")/../../installers/windows/codesign.sh" "$work/cs.pem" "$work/cs.key" "$work/other.pem" \
  "$work/copy.exe" 2>/dev/null; then
  fail "codesign.sh accepted a signature that does not chain to the CA it was given"
fi
cmp -s "$setup" "$work/copy.exe" || fail "a signature that did not verify still replaced the file"
echo "signed and verified: $(grep -m1 'Signer.*Subject\|Subject:' "$work/verify.log" | tr -s ' ')"

unset DISPLAY WAYLAND_DISPLAY
make_wine_prefix
unix_path() { winepath -u "$(wine cmd /c echo "%$1%" | tr -d '\r')" | sed 's:/$::'; }
local_appdata=$(unix_path LOCALAPPDATA)
appdata=$(unix_path APPDATA)
instdir=$local_appdata/Programs/Parley
shortcut="$appdata/Microsoft/Windows/Start Menu/Programs/Parley.lnk"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\io.parley.Parley'

install() {
  timeout 300 wine "$signed" /S
  wineserver -w
}
check_installed() {
  local what=$1 reported status
  for file in parley.exe parley-cli.exe uninstall.exe current versions/$version/bin/parley.exe \
    versions/$version/bin/parley-cli.exe versions/$version/bin/parley-updater.exe; do
    [[ -f $instdir/$file ]] || fail "$what: $instdir/$file is missing"
  done
  [[ $(tr -d '\r\n' <"$instdir/current") == "$version" ]] || fail "$what: current names '$(cat "$instdir/current")'"
  # Through the launcher, as a terminal runs it: the current version answers.
  reported=$(timeout 60 wine "$instdir/parley-cli.exe" --version | tr -d '\r')
  [[ $reported == "parley-cli $version" ]] || fail "$what: the installed parley-cli.exe --version says '$reported'"
  status=0
  timeout 60 wine "$instdir/parley-cli.exe" no-such-command >/dev/null 2>&1 || status=$?
  [[ $status -eq 2 ]] || fail "$what: the launcher passed on exit code $status for a usage error, expected 2"
  [[ -f $shortcut ]] || fail "$what: no Start-menu shortcut at $shortcut"
  wine reg query "$uninstall_key" /v UninstallString >"$work/reg.log" 2>&1 ||
    fail "$what: no uninstall entry under $uninstall_key"
  grep -q 'uninstall.exe' "$work/reg.log" || fail "$what: the uninstall entry names no uninstaller"
  echo "$what: installed into $instdir, $reported"
}

install
check_installed "install"
# Upgrade in place: the installer again over the installed copy.
install
check_installed "upgrade in place"
[[ $(find "$instdir" -maxdepth 1 -type f | wc -l) -eq 4 ]] || fail "upgrade left other files: $(ls "$instdir")"
# A broken install says so instead of starting nothing.
mv "$instdir/current" "$work/current"
status=0
timeout 60 wine "$instdir/parley-cli.exe" --version >/dev/null 2>"$work/broken.err" || status=$?
[[ $status -eq 1 ]] && grep -q "not installed correctly" "$work/broken.err" ||
  fail "the launcher without current: exit $status, $(cat "$work/broken.err")"
mv "$work/current" "$instdir/current"

timeout 300 wine "$instdir/uninstall.exe" /S
wineserver -w  # the uninstaller runs a copy of itself from %TEMP%
[[ ! -e $instdir ]] || fail "the uninstaller left $instdir: $(ls -A "$instdir")"
[[ ! -e $shortcut ]] || fail "the uninstaller left the shortcut"
if wine reg query "$uninstall_key" >/dev/null 2>&1; then fail "the uninstaller left $uninstall_key"; fi
echo "uninstalled: folder, shortcut and uninstall entry removed"
