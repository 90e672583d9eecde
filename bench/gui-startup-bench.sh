#!/usr/bin/env bash
# Desktop app cold start: from launching `parley` to its window drawn on
# screen and its event loop answering an event (the probe's `ready`, see
# ui/bench-probe.h), with CONVERSATIONS conversations in a real history,
# against the same start with an empty history in the same run. Then the
# resident set once idle (after 100 probe events answered, half a second).
# A new process each run; the page cache is warm (every run after the first).
# Usage: gui-startup-bench.sh PARLEY PARLEY_CLI FAKE_PROVIDER SEED_HISTORY [CONVERSATIONS] [RUNS]
set -euo pipefail
parley=$1 cli=$2 fake=$3 seed=$4 conversations=${5:-10000} runs=${6:-10}
source "$(cd "$(dirname "$0")" && pwd)/gui-bench-lib.sh"

start_fake_provider
make_profile "$work/empty" bench-model
make_profile "$work/full" bench-model
"$seed" "$work/full" "$conversations" 4

# Prints "MS_TO_READY MS_TO_FIRST_PAINT IDLE_RSS_MB" for one start on HOME.
one_start() {
  local start ready paint
  start=$(now_ns)
  start_app "$1"
  ready=$(await_probe ready | awk '{ print $2 }')
  paint=$(await_probe paint | awk '{ print $2 }')
  await_probe_count beat 100
  printf '%s %s %s\n' "$(((ready - start) / 1000))" "$(((paint - start) / 1000))" "$(rss_mb)"
  stop_app
}

: >"$work/empty.txt"
: >"$work/full.txt"
for _ in $(seq 1 "$runs"); do
  one_start "$work/empty" >>"$work/empty.txt"
  one_start "$work/full" >>"$work/full.txt"
done
column_median() { awk -v c="$1" '{ print $c }' "$2" | median; }
empty_ms=$(awk '{ print $1 / 1000 }' "$work/empty.txt" | median)
full_ms=$(awk '{ print $1 / 1000 }' "$work/full.txt" | median)
printf 'start to interactive, %d conversations: %s ms (first paint %s ms), idle RSS %s MB  (medians of %d)\n' \
  "$conversations" "$full_ms" "$(awk '{ print $2 / 1000 }' "$work/full.txt" | median)" \
  "$(column_median 3 "$work/full.txt")" "$runs"
printf 'start to interactive, empty history:     %s ms (first paint %s ms), idle RSS %s MB\n' \
  "$empty_ms" "$(awk '{ print $2 / 1000 }' "$work/empty.txt" | median)" "$(column_median 3 "$work/empty.txt")"
awk -v a="$full_ms" -v b="$empty_ms" 'BEGIN { printf "ratio: %.2f (targets: < 150 ms, < 60 MB)\n", a / b }'
