using System.Text;

namespace OrleansPaas.Cli.Commands.Completion;

/// <summary>
/// The bash script <c>paas completion bash</c> prints. Self-contained (no bash-completion package
/// needed), and it copes with bash splitting <c>apps:list</c> at the colon (<c>COMP_WORDBREAKS</c>),
/// which is what usually breaks completion of heroku- and dokku-style names.
/// </summary>
internal static class BashCompletionScript
{
    public static string Write(IReadOnlyList<CompletionEntry> commands, IReadOnlyList<string> rootOptions)
    {
        var script = new StringBuilder();
        script.Append("""
            # bash completion for paas, printed by 'paas completion bash'.
            # Load it with: source <(paas completion bash)    (or save it as /etc/bash_completion.d/paas)
            _paas_candidates() {
                case "$1" in

            """);
        foreach (var command in commands)
        {
            // Options once a dash is typed; otherwise the argument's fixed values, if it has any
            // (nothing else: `complete -o default` then offers file names, e.g. for certs:add).
            var values = command.Values.Count > 0 ? $" || echo {Quote(command.Values)}" : "";
            script.Append($"        {Quote([command.Name])}) [[ \"$2\" == -* ]] && echo {Quote(command.Options)}{values} ;;\n");
        }

        script.Append($"        '') echo {Quote(rootOptions)} ;;\n");
        script.Append($$"""
                esac
            }

            _paas() {
                local line="${COMP_LINE:0:COMP_POINT}" cur="" command="" skip="" word
                local -a words
                read -ra words <<< "$line"
                if [[ -n "$line" && "$line" != *[[:space:]] && ${#words[@]} -gt 0 ]]; then
                    cur="${words[${#words[@]}-1]}"
                    unset 'words[${#words[@]}-1]'
                fi
                for word in "${words[@]:1}"; do
                    if [[ -n "$skip" ]]; then skip=""; continue; fi
                    case "$word" in
                        -a|--app) skip=1 ;;
                        -*) ;;
                        *) command="$word"; break ;;
                    esac
                done
                local candidates
                if [[ -z "$command" && "$cur" != -* ]]; then
                    candidates={{Quote(commands.Select(c => c.Name))}}
                else
                    candidates="$(_paas_candidates "$command" "$cur")"
                fi
                COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
                # bash completes only what follows the last ':' of the word: give back that part alone.
                if [[ "$cur" == *:* && "${COMP_WORDBREAKS:-:}" == *:* ]]; then
                    local prefix="${cur%"${cur##*:}"}" i
                    for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]="${COMPREPLY[i]#"$prefix"}"; done
                fi
            }

            complete -o default -F _paas paas

            """);
        return script.ToString();
    }

    private static string Quote(IEnumerable<string> words) => "'" + string.Join(' ', words).Replace("'", "'\\''") + "'";
}
