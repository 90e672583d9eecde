#!/usr/bin/env bash
# GUI test: the real `parley` window under GTK's dark theme
# (GTK_THEME=Adwaita:dark) shows a conversation with prose, a code block and
# reasoning; a screenshot of the transcript must have a dark background and
# text at a WCAG contrast of at least 4.5:1. The screenshot is kept in
# ARTIFACTS_DIR. Usage: gui-dark-mode-test.sh PARLEY PARLEY_CLI ARTIFACTS_DIR
set -euo pipefail
parley=$1 cli=$2 artifacts=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=gui-harness.sh
source "$here/gui-harness.sh"
mkdir -p "$artifacts"

export PARLEY_HOME="$work/home"
"$cli" provider add local --kind openai-compatible --base-url "http://127.0.0.1:9/v1" --model m
long="The transcript must stay readable in a dark theme: every word of this reply is measured against its background."
cat >"$work/archive.json" <<JSON
[{"uuid": "dark", "name": "Dark theme", "chat_messages": [
  {"uuid": "q", "sender": "human", "text": "Show me some text and code."},
  {"uuid": "a", "sender": "assistant", "text": "$long $long $long\n\n\`\`\`\nint main() { return 0; }\n\`\`\`\n\n$long $long"}]}]
JSON
"$cli" history import "$work/archive.json" >/dev/null

GTK_THEME=Adwaita:dark "$parley" >"$work/parley.log" 2>&1 &
pids+=($!)
await_main_window
xdotool windowsize --sync "$window" 1000 700
# The first (only) conversation in the list.
xdotool mousemove --window "$window" 130 124 click 1
shown() {
  xdotool key --window "$window" --clearmodifiers ctrl+shift+c
  [[ $(xclip -o -selection clipboard 2>/dev/null) == *"int main()"* ]]
}
wait_until "the conversation shown" shown

eval "$(xdotool getwindowgeometry --shell "$window")"
# Repaints are not events a script can wait on: take shots until two agree.
previous=""
for attempt in $(seq 1 50); do
  /usr/bin/python3 -c "from PIL import ImageGrab; import sys; ImageGrab.grab(bbox=($X, $Y, $X + $WIDTH, $Y + $HEIGHT), xdisplay='$DISPLAY').save(sys.argv[1])" \
    "$work/shot.png"
  current=$(md5sum <"$work/shot.png")
  [[ "$current" == "$previous" ]] && break
  previous=$current
done
cp "$work/shot.png" "$artifacts/dark-window.png"
# Inside the transcript: right of the conversation list, below the picker,
# above the composer.
left=$((WIDTH * 35 / 100)) right=$((WIDTH * 95 / 100)) top=$((HEIGHT * 12 / 100)) bottom=$((HEIGHT * 55 / 100))
measure=$(/usr/bin/python3 "$here/transcript-contrast.py" "$work/shot.png" "$left" "$top" "$right" "$bottom") \
  || fail "transcript contrast under the dark theme: $measure"
echo "$measure"
luminance=$(sed -n 's/.*background_luminance=\([0-9.]*\).*/\1/p' <<<"$measure")
/usr/bin/python3 -c "import sys; sys.exit(0 if float('$luminance') < 0.2 else 1)" \
  || fail "the transcript is not dark under GTK_THEME=Adwaita:dark: $measure"

echo "gui-dark-mode-test: 1 passed, 0 failed"
