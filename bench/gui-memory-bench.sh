#!/usr/bin/env bash
# Memory of a long session in the desktop app: REPLIES replies streamed (in
# conversations of 25 exchanges; each reply 4 KB of text in 32-byte deltas
# from the fake provider) and SWITCHES switches between conversations in the
# list, then the growth of the resident set over the session, measured after
# one warm-up reply. Each step waits for the app's own report that
# it finished (ui/bench-probe.h), not for a clock.
# Usage: gui-memory-bench.sh PARLEY PARLEY_CLI FAKE_PROVIDER SEED_HISTORY [REPLIES] [SWITCHES]
set -euo pipefail
parley=$1 cli=$2 fake=$3 seed=$4 replies=${5:-500} switches=${6:-200}
source "$(cd "$(dirname "$0")" && pwd)/gui-bench-lib.sh"

start_fake_provider
home="$work/home"
make_profile "$home" "bench+long=4000"
"$seed" "$home" 20 100 "Seeded"

start_app "$home"
await_main_window
await_probe ready >/dev/null

one_reply() {
  local after; after=$(probe_lines)
  xdotool type --window "$window" "tell me more"
  xdotool key --window "$window" Return
  await_probe reply-done "$after" >/dev/null
}
# Down and Up in turn in the conversation list, which has the focus.
switch_times() {
  local after key
  for i in $(seq 1 "$1"); do
    key=Down; ((i % 2)) || key=Up
    after=$(probe_lines)
    xdotool key --window "$window" "$key"
    await_probe shown "$after" >/dev/null
  done
}
to_list() {
  xdotool key --window "$window" --clearmodifiers ctrl+f
  xdotool key --window "$window" Tab
}

# Warm-up: one reply; then the baseline. The switches come last: in the
# list, GTK takes Ctrl+N for itself (the next row).
one_reply
baseline=$(rss_mb)
start=$(now_ns)
for i in $(seq 1 "$replies"); do
  one_reply
  ((i % 25)) || xdotool key --window "$window" --clearmodifiers ctrl+n
done
after_replies=$(rss_mb)
to_list
switch_times "$switches"
final=$(rss_mb)
printf '%d replies and %d switches in %.1f s\n' "$replies" "$switches" "$((($(now_ns) - start) / 1000000))e-3"
printf 'RSS: %s MB after warm-up, %s MB after the replies, %s MB after the switches\n' \
  "$baseline" "$after_replies" "$final"
awk -v a="$final" -v b="$baseline" 'BEGIN { printf "growth: %.1f MB (target: < 15 MB)\n", a - b }'
stop_app
