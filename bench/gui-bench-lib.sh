# Sourced by the desktop benchmarks (gui-*-bench.sh): the GUI tests' harness
# (a private D-Bus session with a keyring, Xvfb, the work folder, `fail`,
# `wait_until`, `start_fake_provider`, `await_main_window`), then what every
# desktop bench needs: a seeded profile, the app started with its bench probe
# (ui/bench-probe.h) writing to $probe, and readers of what the probe wrote.
# Expects `parley`, `cli`, `fake` and `seed` set by the script.
# shellcheck source=../tests/gui/gui-harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tests/gui/gui-harness.sh"

probe="$work/probe.log"

now_ns() { echo "${EPOCHREALTIME/./}000"; }

# A profile at HOME with the fake provider as `local` (MODEL) and its key.
make_profile() {
  local home=$1 model=$2
  PARLEY_HOME=$home "$cli" provider add local --kind openai-compatible \
    --base-url "http://127.0.0.1:$port/v1" --model "$model" >/dev/null 2>&1
  printf 'sk-bench-key-0123456789' | PARLEY_HOME=$home "$cli" key set local >/dev/null 2>&1
}

# Starts the app on HOME with the probe on; sets `app` (its pid).
start_app() {
  rm -f "$probe"
  : >"$probe"
  PARLEY_HOME=$1 PARLEY_BENCH_PROBE=$probe "$parley" >>"$work/parley.log" 2>&1 &
  app=$!
  pids+=("$app")
}

stop_app() {
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
}

probe_lines() { wc -l <"$probe"; }

# Prints the first probe line named NAME after line AFTER (default: from the
# start), waiting for it: tail follows the file as the app writes it.
await_probe() {
  local name=$1 after=${2:-0} line
  line=$(timeout 300 tail --pid="$app" -n "+$((after + 1))" -F "$probe" 2>/dev/null |
    awk -v n="$name" '$1 == n { print; exit }') || true
  [[ -n "$line" ]] || fail "the app never reported '$name' (see $work/parley.log)"
  echo "$line"
}

# Waits for the COUNT-th probe line named NAME after line AFTER.
await_probe_count() {
  local name=$1 count=$2 after=${3:-0} line
  line=$(timeout 300 tail --pid="$app" -n "+$((after + 1))" -F "$probe" 2>/dev/null |
    awk -v n="$name" -v c="$count" '$1 == n && ++seen == c { print; exit }') || true
  [[ -n "$line" ]] || fail "the app never reported '$name' $count times (see $work/parley.log)"
}

# The app's resident set, in MB.
rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$app/status"; }

# p50, p99 and max (ms) of the probe events NAME (`beat`: at input
# priority; `queue`: through wx's queue) posted between FROM_NS and TO_NS,
# and how many: how long the UI thread kept each waiting.
probe_stats() {
  awk -v n="$1" -v from="$2" -v to="$3" '$1 == n && $2 >= from && $2 <= to { print $3 / 1000 }' "$probe" | sort -n |
    awk '{ a[NR] = $1 } END {
      if (NR == 0) { print "no probe events"; exit }
      p50 = a[int((NR - 1) * 0.50) + 1]; p99 = a[int((NR - 1) * 0.99) + 1]
      printf "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d probes)", p50, p99, a[NR], NR }'
}

# The p99 alone, for a ratio.
probe_p99() {
  awk -v n="$1" -v from="$2" -v to="$3" '$1 == n && $2 >= from && $2 <= to { print $3 / 1000 }' "$probe" | sort -n |
    awk '{ a[NR] = $1 } END { if (NR) printf "%.1f", a[int((NR - 1) * 0.99) + 1]; else print 0 }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] }'; }
