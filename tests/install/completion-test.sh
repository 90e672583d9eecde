#!/usr/bin/env bash
# parley-cli's bash completion offers the commands, subcommands and option values of the CLI
# contract (loaded the way bash-completion loads it). Usage: completion-test.sh SOURCE
set -euo pipefail
source_dir=$1
[[ -e /usr/share/bash-completion/bash_completion ]] || { echo "SKIP: bash-completion is not installed"; exit 77; }
source /usr/share/bash-completion/bash_completion
source "$source_dir/resources/completions/parley-cli.bash"

complete_line() {
  COMP_LINE=$1
  COMP_POINT=${#COMP_LINE}
  read -r -a COMP_WORDS <<<"$COMP_LINE"
  [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _parley_cli
  echo "${COMPREPLY[*]}"
}
expect() {
  local line=$1 want=$2 got
  got=$(complete_line "$line")
  [[ $got == "$want" ]] || { echo "FAIL: '$line' completes to '$got', expected '$want'" >&2; exit 1; }
}
expect "parley-cli " "provider key chat history config license --home --version"
expect "parley-cli prov" "provider"
expect "parley-cli --home /tmp/p hi" "history"
expect "parley-cli provider add local --kind " "openai anthropic gemini openai-compatible"
expect "parley-cli key " "set remove status"
expect "parley-cli history export 1 --format " "markdown json"
expect "parley-cli license " "activate status refresh deactivate"
echo "bash completion follows the CLI"
