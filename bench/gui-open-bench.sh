#!/usr/bin/env bash
# Opening a long conversation in the desktop app: a conversation of MESSAGES
# messages (half of them Markdown replies) chosen in the list, timed from the
# list's selection event to the first frame drawn after it (the probe's
# `select` and `paint`, ui/bench-probe.h), and the UI thread's CPU time for
# it; against opening a 10-message conversation in the same window. Then
# scrolling: the mouse wheel turned 60 notches over the long transcript, to
# its top, while probe events measure how long the UI thread keeps an event
# waiting (p99).
# Usage: gui-open-bench.sh PARLEY PARLEY_CLI FAKE_PROVIDER SEED_HISTORY [MESSAGES] [RUNS]
set -euo pipefail
parley=$1 cli=$2 fake=$3 seed=$4 messages=${5:-5000} runs=${6:-5}
source "$(cd "$(dirname "$0")" && pwd)/gui-bench-lib.sh"

start_fake_provider
home="$work/home"
make_profile "$home" bench-model
"$seed" "$home" 1 "$messages" "Long conversation"
"$seed" "$home" 1 10 "Short conversation"

start_app "$home"
await_main_window
await_probe ready >/dev/null
# The list: the search field (Ctrl+F), then the next control. The short
# conversation is listed first, the long one second.
xdotool key --window "$window" --clearmodifiers ctrl+f
xdotool key --window "$window" Tab

# Opens the conversation KEY (Down: the long one, Up: the short one) leads to;
# prints "MS_TO_FIRST_PAINT MS_TO_SHOWN UI_CPU_MS".
open_one() {
  local after select shown paint
  after=$(probe_lines)
  xdotool key --window "$window" "$1"
  select=$(await_probe select "$after")
  shown=$(await_probe shown "$after")
  paint=$(await_probe paint "$(grep -n '^shown ' "$probe" | tail -n 1 | cut -d: -f1)")
  awk -v s="$select" -v h="$shown" -v p="$paint" 'BEGIN {
    split(s, a); split(h, b); split(p, c)
    printf "%.1f %.1f %.1f\n", (c[2] - a[2]) / 1e6, (b[2] - a[2]) / 1e6, (c[3] - a[3]) / 1e6 }'
}

: >"$work/long.txt"
: >"$work/short.txt"
for _ in $(seq 1 "$runs"); do
  open_one Down >>"$work/long.txt"
  open_one Up >>"$work/short.txt"
done
open_one Down >/dev/null
long_ms=$(awk '{ print $1 }' "$work/long.txt" | median)
short_ms=$(awk '{ print $1 }' "$work/short.txt" | median)
printf 'open %d messages: first paint %s ms after the selection (handler %s ms, UI CPU %s ms; medians of %d)\n' \
  "$messages" "$long_ms" "$(awk '{ print $2 }' "$work/long.txt" | median)" \
  "$(awk '{ print $3 }' "$work/long.txt" | median)" "$runs"
printf 'open 10 messages:   first paint %s ms after the selection (handler %s ms, UI CPU %s ms)\n' \
  "$short_ms" "$(awk '{ print $2 }' "$work/short.txt" | median)" "$(awk '{ print $3 }' "$work/short.txt" | median)"
awk -v a="$long_ms" -v b="$short_ms" 'BEGIN { printf "ratio: %.1f (target: < 200 ms)\n", a / b }'

# Scrolling the long transcript up, a wheel notch every 10 ms.
idle_from=$(now_ns)
await_probe_count beat 100 "$(probe_lines)"
idle_to=$(now_ns)
xdotool mousemove --window "$window" 600 350
from=$(now_ns)
xdotool click --repeat 60 --delay 10 4
await_probe_count beat 20 "$(probe_lines)"
to=$(now_ns)
echo "scrolling, input-priority probes: $(probe_stats beat "$from" "$to")"
echo "           wx queue probes:       $(probe_stats queue "$from" "$to")"
echo "idle, input-priority probes:      $(probe_stats beat "$idle_from" "$idle_to")"
stop_app
