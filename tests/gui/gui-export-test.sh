#!/usr/bin/env bash
# GUI test: File › Export All Conversations… in the real `parley` window
# (Xvfb + xdotool) with a history big enough to take a while (imported
# here). The progress window counts the conversations written (in its title,
# and in words read through AT-SPI); Cancel (Escape) leaves no file, not even
# a partial one beside it. Exported again to the end, the archive holds every
# conversation and message, and the window that says so counts them.
# Usage: gui-export-test.sh PARLEY PARLEY_CLI
set -euo pipefail
parley=$1 cli=$2
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

unset NO_AT_BRIDGE

export PARLEY_HOME="$work/home"
count=30000
# A Parley archive: COUNT archived conversations of two messages each.
# Archived, they stay out of the list (which is not what is measured here)
# and are exported all the same.
"$python" - "$count" "$work/history.json" <<'PY'
import json, sys
count, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as out:
    out.write("[")
    for i in range(count):
        if i:
            out.write(",")
        messages = [{"id": j + 1, "parent_id": j or None, "role": "user" if j == 0 else "assistant",
                     "content": f"message {j} of conversation {i}: " + "lorem ipsum dolor sit amet " * 8,
                     "status": "complete", "created_at": "2026-01-02T03:04:05Z"} for j in range(2)]
        json.dump({"format": "parley.conversation", "version": 1, "uuid": f"c{i}", "title": f"Kept {i}",
                   "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z",
                   "archived": True, "messages": messages}, out)
    out.write("]")
PY
"$cli" history import "$work/history.json" >/dev/null
"$cli" provider add local --kind openai-compatible --base-url "http://127.0.0.1:9/v1" --model m
mkdir "$work/out"

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

choose_export() {
  xdotool windowfocus --sync "$window"
  xdotool key --window "$window" --clearmodifiers ctrl+shift+s
  choose_file 'Export all conversations' ctrl+a "$1"
}

choose_export "$work/out/all.json"
await_progress Exporting
wait_until "the conversations and messages counted in words" a11y label " conversations ("
xdotool windowfocus --sync "$progress"
xdotool key Escape
notice=$(timeout 60 xdotool search --sync --onlyvisible --name '^Export cancelled$' | head -n 1)
[[ -n "$notice" ]] || fail "cancelling said nothing"
[[ -z $(ls -A "$work/out") ]] || fail "a cancelled export left files: $(ls -A "$work/out")"
xdotool windowfocus --sync "$notice"
xdotool key Return

choose_export "$work/out/all.json"
finished=$(timeout 120 xdotool search --sync --onlyvisible --name '^Export finished$' | head -n 1)
[[ -n "$finished" ]] || fail "the export did not finish"
a11y label "Exported $count conversations ($((count * 2)) messages) to $work/out/all.json." ||
  fail "the finished export does not say what it wrote"
[[ $(jq length "$work/out/all.json") == "$count" ]] || fail "the archive does not hold every conversation"
[[ $(jq '[.[].messages | length] | add' "$work/out/all.json") == $((count * 2)) ]] ||
  fail "the archive does not hold every message"

echo "gui-export-test: 1 passed, 0 failed (cancelled at: $seen)"
