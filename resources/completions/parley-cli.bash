# bash completion for parley-cli
_parley_cli() {
    local cur prev words cword
    _init_completion || return

    local i command="" sub=""
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --home) ((i++)) ;;
            -*) ;;
            *)
                if [[ -z $command ]]; then command=${words[i]}
                elif [[ -z $sub ]]; then sub=${words[i]}
                fi ;;
        esac
    done

    case $prev in
        --home) _filedir -d; return ;;
        --attach | -o | import) _filedir; return ;;
        --kind) COMPREPLY=($(compgen -W "openai anthropic gemini openai-compatible" -- "$cur")); return ;;
        --preset) COMPREPLY=($(compgen -W "openai anthropic gemini ollama lmstudio openrouter groq mistral deepseek xai together azure" -- "$cur")); return ;;
        --format) COMPREPLY=($(compgen -W "markdown json" -- "$cur")); return ;;
        --from) COMPREPLY=($(compgen -W "chatgpt claude parley" -- "$cur")); return ;;
        --store) COMPREPLY=($(compgen -W "os file" -- "$cur")); return ;;
    esac

    local words_for
    case $command in
        "") words_for="provider key chat history config license --home --version" ;;
        provider) [[ -z $sub ]] && words_for="add list remove models test" || words_for="--kind --preset --base-url --model --api-version --json" ;;
        key) [[ -z $sub ]] && words_for="set remove status" || words_for="--store --json" ;;
        chat) words_for="-p -m -s -c --continue --temperature --max-tokens --attach --no-stream --json --edit --regenerate" ;;
        history) [[ -z $sub ]] && words_for="list show search delete rename pin unpin archive unarchive export import" ||
            words_for="--all --json --limit --format -o --from" ;;
        config) [[ -z $sub ]] && words_for="get set list" ;;
        license) [[ -z $sub ]] && words_for="activate status refresh deactivate" || words_for="--json" ;;
    esac
    COMPREPLY=($(compgen -W "$words_for" -- "$cur"))
}
complete -F _parley_cli parley-cli
