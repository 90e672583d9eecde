#!/usr/bin/env bash
# parley-release against the real minisign tool: each verifies the other's
# signatures and keys, and an edited trusted comment is refused by both.
# usage: minisign-interop-test.sh PARLEY_RELEASE
set -euo pipefail
release=$1
command -v minisign >/dev/null || { echo "FAIL: minisign is not installed"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
check() { if "$@"; then echo "ok: ${*:2}"; else echo "FAIL: ${*:2}"; failures=$((failures + 1)); fi; }
succeeds() { "$@" >/dev/null 2>&1; }
fails_with() { local code=$1; shift; set +e; "$@" >/dev/null 2>err.txt; local got=$?; set -e; [[ $got == "$code" ]]; }

head -c 3000 /dev/urandom > artifact.tar.gz
"$release" manifest --version 1.2.0 --channel stable --serial 3 --released 2030-01-01T00:00:00Z \
  --expires 2030-02-01T00:00:00Z --artifact linux-x86_64=artifact.tar.gz@releases/parley-1.2.0.tar.gz -o manifest.json
check succeeds grep -q '"size":3000' manifest.json

# Our keys and signature, checked by minisign.
"$release" keygen -p ours.pub -s ours.key -W >/dev/null
check succeeds test "$(stat -c %a ours.key)" = 600
"$release" sign -s ours.key -m manifest.json >/dev/null
check succeeds minisign -Vm manifest.json -p ours.pub
check succeeds minisign -Vm manifest.json -p ours.pub -H   # -H: prehashed signatures only
check succeeds "$release" verify -p ours.pub -m manifest.json

# minisign's keys and signature, checked by us; minisign's secret key signs
# with our tool too.
minisign -G -W -p theirs.pub -s theirs.key >/dev/null
minisign -S -s theirs.key -m manifest.json -t 'parley 1.2.0' >/dev/null
check succeeds "$release" verify -p theirs.pub -m manifest.json
check fails_with 7 "$release" verify -p ours.pub -m manifest.json
check succeeds grep -q 'not a trusted release key' err.txt
cp manifest.json.minisig theirs.minisig
"$release" sign -s theirs.key -m manifest.json -t 'signed by parley-release' >/dev/null
check succeeds minisign -Vm manifest.json -p theirs.pub

# An encrypted secret key (scrypt, as minisign -G writes without -W): ours
# is usable by minisign, whose passphrase prompt is answered through a pty.
PARLEY_RELEASE_PASSPHRASE=correct-horse "$release" keygen -p enc.pub -s enc.key >/dev/null
check succeeds env PARLEY_RELEASE_PASSPHRASE=correct-horse "$release" sign -s enc.key -m manifest.json
check fails_with 7 env PARLEY_RELEASE_PASSPHRASE=wrong-horse "$release" sign -s enc.key -m manifest.json
check succeeds grep -q 'wrong passphrase' err.txt
check succeeds python3 - <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp("minisign", ["minisign", "-S", "-s", "enc.key", "-m", "manifest.json", "-x", "enc.minisig"])
seen = b""
while b"Password:" not in seen:
    seen += os.read(fd, 1024)
os.write(fd, b"correct-horse\n")
try:
    while os.read(fd, 1024):
        pass
except OSError:
    pass
sys.exit(os.WEXITSTATUS(os.waitpid(pid, 0)[1]))
PY
cp enc.minisig manifest.json.minisig
check succeeds "$release" verify -p enc.pub -m manifest.json

# An edited trusted comment is refused; an edited untrusted one is not.
sed '3s/.*/trusted comment: parley 9.9.9/' theirs.minisig > manifest.json.minisig
check fails_with 7 "$release" verify -p theirs.pub -m manifest.json
check succeeds grep -q 'trusted comment has been altered' err.txt
check fails_with 1 minisign -Vm manifest.json -p theirs.pub
sed '1s/.*/untrusted comment: edited/' theirs.minisig > manifest.json.minisig
check succeeds "$release" verify -p theirs.pub -m manifest.json

# Legacy (not prehashed) signatures from minisign -l are refused.
minisign -S -l -s theirs.key -m manifest.json >/dev/null
check fails_with 7 "$release" verify -p theirs.pub -m manifest.json
check succeeds grep -q 'legacy' err.txt

# One changed byte of the manifest is refused.
minisign -S -s theirs.key -m manifest.json >/dev/null
sed -i 's/"serial":3/"serial":4/' manifest.json
check fails_with 7 "$release" verify -p theirs.pub -m manifest.json

# Keys are never overwritten; a manifest for a missing file says so.
check fails_with 1 "$release" keygen -p ours.pub -s ours.key -W
check fails_with 1 "$release" manifest --version 1.2.0 --channel stable --serial 3 --released 2030-01-01T00:00:00Z \
  --expires 2030-02-01T00:00:00Z --artifact linux-x86_64=missing.tar.gz -o m2.json
check fails_with 2 "$release" manifest --version 1.2.0 --channel stable --serial 3 --released 2030-01-01 \
  --expires 2030-02-01T00:00:00Z --artifact linux-x86_64=artifact.tar.gz -o m2.json

echo "$((failures == 0 ? 1 : 0)) passed, $failures failed"
[[ $failures == 0 ]]
