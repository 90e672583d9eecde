#!/usr/bin/env bash
# The Windows and macOS packaging configs stay valid on the Linux CI: makensis builds the
# generated NSIS script into a real installer from a dummy payload, and the .app bundle's
# Info.plist parses and names the app. Usage: check-windows-macos-configs.sh BUILD VERSION
set -euo pipefail
build=$1 version=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

payload=$work/payload
mkdir -p "$payload"
for exe in parley.exe parley-cli.exe parley-updater.exe; do printf 'MZ dummy %s\n' "$exe" >"$payload/$exe"; done
out=$work/parley-$version-windows-x86_64-setup.exe
makensis -V2 -WX "-DPAYLOAD=$payload" "-DOUTFILE=$out" "$build/installers/windows/parley.nsi" ||
  { echo "FAIL: makensis refused the generated script" >&2; exit 1; }
[[ $(head -c 2 "$out") == MZ ]] || { echo "FAIL: makensis wrote no Windows executable" >&2; exit 1; }
# A 64-bit stub (PE32+), as Target amd64-unicode asks.
file -b "$out" | grep -q 'PE32+' || { echo "FAIL: the installer is not 64-bit: $(file -b "$out")" >&2; exit 1; }
for needle in 'LOCALAPPDATA\Programs\Parley' 'SMPROGRAMS\Parley.lnk' 'WriteRegStr HKCU' 'RequestExecutionLevel user'; do
  grep -qF "$needle" "$build/installers/windows/parley.nsi" || { echo "FAIL: NSIS script lacks $needle" >&2; exit 1; }
done
grep -q 'HKLM' "$build/installers/windows/parley.nsi" && { echo "FAIL: the per-user installer writes HKLM" >&2; exit 1; }

python3 - "$build/installers/macos/Info.plist" "$version" <<'PY'
import plistlib, sys
with open(sys.argv[1], "rb") as f:
    plist = plistlib.load(f)
expected = {"CFBundleIdentifier": "io.parley.Parley", "CFBundleExecutable": "parley",
            "CFBundlePackageType": "APPL", "CFBundleShortVersionString": sys.argv[2]}
for key, value in expected.items():
    if plist.get(key) != value:
        sys.exit(f"FAIL: Info.plist {key} is {plist.get(key)!r}, expected {value!r}")
PY
echo "NSIS installer and Info.plist valid"
