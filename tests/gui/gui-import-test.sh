#!/usr/bin/env bash
# GUI test: File › Import Conversations… in the real `parley` window (Xvfb +
# xdotool) with an archive big enough to take a while (generated here). The
# import runs behind a progress window whose title shows how far it is while
# the main window keeps drawing; Cancel ends it and leaves no conversation
# imported. A small archive then imports whole.
# Usage: gui-import-test.sh PARLEY PARLEY_CLI
set -euo pipefail
parley=$1 cli=$2
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"

export PARLEY_HOME="$work/home"
# A Claude export: COUNT conversations of four messages each.
make_archive() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
count, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as out:
    out.write("[")
    for i in range(count):
        if i:
            out.write(",")
        messages = [{"uuid": f"m{i}-{j}", "sender": "human" if j % 2 == 0 else "assistant",
                     "text": f"message {j} of conversation {i}: " + "lorem ipsum dolor sit amet " * 8}
                    for j in range(4)]
        json.dump({"uuid": f"c{i}", "name": f"Imported {i}", "chat_messages": messages}, out)
    out.write("]")
PY
}
make_archive 60000 "$work/big.json"
make_archive 3 "$work/small.json"
# A provider, so the window opens on the chat rather than the welcome pane.
"$cli" provider add local --kind openai-compatible --base-url "http://127.0.0.1:9/v1" --model m

"$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window

# File › Import… by its shortcut (keys typed into a menu that is still
# opening under load are lost), then the file chooser's location field.
choose_import() {
  xdotool windowfocus --sync "$window"
  xdotool key --window "$window" --clearmodifiers ctrl+o
  choose_file 'Import conversations' ctrl+l "$1"
}

choose_import "$work/big.json"
await_progress Importing
xdotool windowfocus --sync "$progress"
xdotool key Escape
notice=$(timeout 60 xdotool search --sync --onlyvisible --name '^Import cancelled$' | head -n 1)
[[ -n "$notice" ]] || fail "cancelling said nothing"
[[ $("$cli" history list --all --json | jq length) == 0 ]] || fail "a cancelled import left conversations behind"
xdotool windowfocus --sync "$notice"
xdotool key Return

choose_import "$work/small.json"
done_notice=$(timeout 60 xdotool search --sync --onlyvisible --name '^Import finished$' | head -n 1)
[[ -n "$done_notice" ]] || fail "the small import did not finish"
[[ $("$cli" history list --json | jq length) == 3 ]] || fail "the small archive did not import whole"

echo "gui-import-test: 1 passed, 0 failed (cancelled at: $seen)"
