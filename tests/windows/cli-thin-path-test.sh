#!/usr/bin/env bash
# parley-cli.exe under Wine, the thin path of the Linux CLI tests: provider
# add, key set into the Credential Manager, chat over TLS with a server whose
# CA is trusted only through the Windows ROOT store, history search.
#   cli-thin-path-test.sh WINDOWS_BUILD_DIR FAKE_PROVIDER SOURCE_DIR
# The fake provider is the Linux binary, serving on 127.0.0.1.
set -euo pipefail
build=$1 fake=$2 source_dir=$3
source "$(dirname "$0")/wine-prefix.sh"
cli_exe=$build/cli/parley-cli.exe
tool=$build/tests/windows/windows-test-tool.exe
for f in "$cli_exe" "$tool"; do [[ -f $f ]] || { echo "not built: $f (run scripts/dev.sh windows)" >&2; exit 1; }; done
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d)
stop_fake() { [[ -n ${fake_pid:-} ]] && kill "$fake_pid" 2>/dev/null; rm -rf "$work"; }
wine_cleanup_hooks+=(stop_fake)
"$source_dir/tests/fakes/make-test-certs.sh" "$work/certs"

key=sk-wine-thin-path-0123456789
mkfifo "$work/fake-in"
"$fake" --port 0 --key "$key" --record "$work/requests.jsonl" --tls-cert "$work/certs/good.pem" \
  --tls-key "$work/certs/good.key" <"$work/fake-in" >"$work/fake-out" 2>"$work/fake-err" &
fake_pid=$!
exec 4>"$work/fake-in"  # the fake serves until its stdin closes
for _ in $(seq 1 100); do [[ -s $work/fake-out ]] && break; sleep 0.1; done
port=$(head -n1 "$work/fake-out")
[[ $port =~ ^[0-9]+$ ]] || fail "the fake provider did not start: $(cat "$work/fake-err")"

unset DISPLAY WAYLAND_DISPLAY
make_wine_prefix
home=$(winepath -w "$work/home")
cli() { timeout 120 wine "$cli_exe" --home "$home" "$@"; }

cli provider add local --kind openai-compatible --base-url "https://127.0.0.1:$port/v1" --model fake-model
printf '%s' "$key" | cli key set local
targets=$(wine "$tool" credentials Parley/)
[[ -n $targets ]] || fail "key set stored nothing in the Credential Manager"
echo "Credential Manager holds: $targets"
cli key status local --json | grep -q '"os-store"' || fail "the key is not read from the OS store"

# Not yet trusted: the test CA is in no store the program reads.
status=0
cli chat -p local "hello" >"$work/untrusted.out" 2>"$work/untrusted.err" || status=$?
[[ $status -eq 4 ]] || fail "chat with an untrusted server exited $status, expected 4: $(cat "$work/untrusted.err")"
grep -qi certificate "$work/untrusted.err" || fail "no certificate error: $(cat "$work/untrusted.err")"

wine "$tool" add-root "$(winepath -w "$work/certs/ca.pem")"
reply=$(cli chat -p local "hello from wine" | tr -d '\r')
[[ $reply == *"Hello! This is a reply from the fake provider."* ]] || fail "unexpected reply: $reply"
grep -q "Bearer $key" "$work/requests.jsonl" || fail "the fake provider did not receive the stored key"

found=$(cli history search "fake provider" | tr -d '\r')
[[ $found == *"hello from wine"* || $found == *"fake provider"* ]] || fail "history search found nothing: $found"
echo "parley-cli.exe thin path passed under $(wine --version)"
