#!/usr/bin/env bash
# Overhead of parley-cli against curl for the same short streamed chat on a
# loopback fake provider: median wall time of each over N runs, and the
# difference (target: parley-cli within 30 ms of curl). The key is stored
# with `key set` in a real gnome-keyring (tests/run-with-session.sh), so each
# chat pays the Secret Service lookup a user pays.
# Usage: cli-overhead-bench.sh PARLEY_CLI FAKE_PROVIDER [RUNS]
set -euo pipefail
if [[ -z ${PARLEY_BENCH_IN_SESSION:-} ]]; then
  PARLEY_BENCH_IN_SESSION=1 exec "$(dirname "$0")/../tests/run-with-session.sh" "$0" "$@"
fi
cli=$1 fake=$2 runs=${3:-30}
key=bench-key-7f3a0c
work=$(mktemp -d)
trap 'kill "${FAKE_PID:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
# The fake refuses any other key, so a chat that sent none would fail.
coproc FAKE { exec "$fake" --port 0 --key "$key"; }
read -r port <&"${FAKE[0]}"
export PARLEY_HOME="$work/home"
unset OPENAI_API_KEY
"$cli" provider add b --kind openai --base-url "http://127.0.0.1:$port/v1" --model bench 2>/dev/null
printf '%s\n' "$key" | "$cli" key set b >/dev/null
"$cli" key status b --json | grep -q '"os-store"' || { echo "the key did not reach the Secret Service" >&2; exit 1; }
body='{"model":"bench","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}'

median_ms() {
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>"$work/err" || { echo "failed: $* ($(cat "$work/err"))" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

curl_ms=$(median_ms curl -sfN -X POST "http://127.0.0.1:$port/v1/chat/completions" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$body")
cli_ms=$(median_ms "$cli" chat -p b "hi")
echo "curl median:       $curl_ms ms"
echo "parley-cli median: $cli_ms ms (key from the Secret Service)"
awk -v a="$cli_ms" -v b="$curl_ms" 'BEGIN {printf "difference:        %.1f ms (target <= 30 ms), ratio %.2f\n", a-b, a/b}'
