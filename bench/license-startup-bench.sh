#!/usr/bin/env bash
# Start-up cost of licensing: `parley-cli history list` and `parley-cli chat`
# on a profile whose license answer is two days old (so a re-validation is
# due) with the license service blackholed (it accepts connections and never
# answers), against the same commands on a profile with no licensing state
# at all. Neither command may wait for the service: the figures should match.
# Runs inside tests/run-with-session.sh (the license key lives in a keyring).
# Usage: license-startup-bench.sh PARLEY_CLI FAKE_PROVIDER PARLEY_LICENSING SOURCE_DIR [RUNS]
set -euo pipefail
cli=$1 fake=$2 licensing=$3 source_dir=$4 runs=${5:-20}
if [[ -z "${PARLEY_BENCH_INNER:-}" ]]; then
  export PARLEY_BENCH_INNER=1
  exec "$source_dir/tests/run-with-session.sh" "$0" "$@"
fi
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

coproc FAKE { exec "$fake" --port 0; }
pids+=("$FAKE_PID")
read -r port <&"${FAKE[0]}"
# Accepts connections (the kernel's backlog does) and never answers.
coproc BLACKHOLE { exec python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True)
time.sleep(3600)'; }
pids+=("$BLACKHOLE_PID")
read -r blackhole <&"${BLACKHOLE[0]}"

"$licensing" init --data "$work/service" --secret-key-file "$source_dir/tests/keys/license-test.secret" >/dev/null
key=$("$licensing" license create --data "$work/service" --seats 1)
coproc SERVE { exec "$licensing" serve --data "$work/service" --listen 127.0.0.1:0; }
pids+=("$SERVE_PID")
read -r line <&"${SERVE[0]}"

setup_profile() {
  PARLEY_HOME=$1 "$cli" provider add b --kind openai-compatible --base-url "http://127.0.0.1:$port/v1" --model bench
  PARLEY_HOME=$1 "$cli" chat -p b "hello" >/dev/null
}
export OPENAI_API_KEY=unused
setup_profile "$work/plain" 2>/dev/null
setup_profile "$work/licensed" 2>/dev/null
PARLEY_HOME="$work/licensed" "$cli" config set license.server "${line#listening on }"
printf '%s' "$key" | PARLEY_HOME="$work/licensed" "$cli" license activate >/dev/null 2>&1
PARLEY_HOME="$work/licensed" "$cli" config set license.server "http://127.0.0.1:$blackhole"
rm -rf "$work/plain/state"

# Two days on: the held answer is due for re-validation.
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 FAKETIME=+2d FAKETIME_DONT_FAKE_MONOTONIC=1
median_ms() {
  local home=$1; shift
  local times=()
  for _ in $(seq 1 "$runs"); do
    [[ $home == */plain ]] && rm -rf "$home/state"
    local start end
    start=$(date +%s%N)
    PARLEY_HOME=$home "$cli" "$@" >/dev/null 2>"$work/err" || { echo "failed: $* ($(cat "$work/err"))" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
report() {
  local what=$1 plain licensed
  shift
  plain=$(median_ms "$work/plain" "$@")
  licensed=$(median_ms "$work/licensed" "$@")
  printf '%-14s no licensing state %7.1f ms | re-validation due, service blackholed %7.1f ms | ratio %.2f\n' \
    "$what" "$plain" "$licensed" "$(awk -v a="$licensed" -v b="$plain" 'BEGIN {print a/b}')"
}
report "history list" history list
report "chat" chat -p b hi
[[ $(PARLEY_HOME="$work/licensed" "$cli" license status --json | jq -r .state) == active ]] \
  || echo "note: the licensed profile is no longer active" >&2
