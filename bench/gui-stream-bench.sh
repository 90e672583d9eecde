#!/usr/bin/env bash
# Streaming a long reply into the desktop app: BYTES of text (multi-byte
# UTF-8, lines without blank lines between them: one long paragraph) in
# 32-byte deltas from the fake provider as fast as it can send them (the
# stream prebuilt in memory), from Enter until the reply is saved and shown
# again from the history. A probe event is posted to the UI thread every
# 5 ms at the priority of input events (ui/bench-probe.h); how long each
# waited while the reply streams is the figure (p99), against the same probes
# in the idle window before it. The same for wx's own queue, which GTK serves
# after its layout work, is printed beside it.
# Usage: gui-stream-bench.sh PARLEY PARLEY_CLI FAKE_PROVIDER SEED_HISTORY [BYTES]
set -euo pipefail
parley=$1 cli=$2 fake=$3 seed=$4 bytes=${5:-1000000}
source "$(cd "$(dirname "$0")" && pwd)/gui-bench-lib.sh"

start_fake_provider
home="$work/home"
make_profile "$home" "bench+long=$bytes+prebuilt"

start_app "$home"
await_main_window
await_probe ready >/dev/null
idle_from=$(now_ns)
await_probe_count beat 200 "$(probe_lines)"
idle_to=$(now_ns)

after=$(probe_lines)
xdotool type --window "$window" "go"
xdotool key --window "$window" Return
start=$(await_probe reply-start "$after" | awk '{ print $2 }')
done_line=$(await_probe reply-done "$after")
end=$(awk '{ print $2 }' <<<"$done_line")
printf 'reply of %d bytes shown in %.0f ms, RSS after it %s MB\n' "$bytes" "$(((end - start) / 1000000))" "$(rss_mb)"
echo "while streaming, input-priority probes: $(probe_stats beat "$start" "$end")"
echo "                 wx queue probes:       $(probe_stats queue "$start" "$end")"
echo "idle, input-priority probes:            $(probe_stats beat "$idle_from" "$idle_to")"
awk -v a="$(probe_p99 beat "$start" "$end")" -v b="$(probe_p99 beat "$idle_from" "$idle_to")" \
  'BEGIN { printf "p99 while streaming minus p99 idle: %.1f ms (target: p99 < 50 ms)\n", a - b }'
[[ -n $(PARLEY_HOME=$home "$cli" history list --json | jq '.[0].id') ]] || fail "the reply was not saved"
stop_app
