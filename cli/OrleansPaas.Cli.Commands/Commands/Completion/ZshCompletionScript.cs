using System.Text;

namespace OrleansPaas.Cli.Commands.Completion;

/// <summary>The zsh script <c>paas completion zsh</c> prints: commands with their descriptions, then each command's options.</summary>
internal static class ZshCompletionScript
{
    public static string Write(IReadOnlyList<CompletionEntry> commands, IReadOnlyList<string> rootOptions)
    {
        var script = new StringBuilder();
        script.Append("""
            #compdef paas
            # zsh completion for paas, printed by 'paas completion zsh'.
            # Load it with: source <(paas completion zsh)    (after compinit; or save it as _paas in a folder on $fpath)
            _paas() {
              local -a commands
              commands=(

            """);
        foreach (var command in commands)
        {
            // _describe reads NAME:DESCRIPTION, so the colons of a name are escaped.
            script.Append($"    {Quote(command.Name.Replace(":", "\\:") + ":" + command.Description)}\n");
        }

        script.Append($$"""
              )
              local command="" skip="" i
              for (( i = 2; i < CURRENT; i++ )); do
                if [[ -n $skip ]]; then skip=""; continue; fi
                case $words[i] in
                  -a|--app) skip=1 ;;
                  -*) ;;
                  *) command=$words[i]; break ;;
                esac
              done
              if [[ -z $command ]]; then
                if [[ $PREFIX == -* ]]; then compadd -- {{string.Join(' ', rootOptions.Select(Quote))}}; else _describe -t commands 'paas command' commands; fi
                return
              fi
              case $command in

            """);
        foreach (var command in commands)
        {
            var options = string.Join(' ', command.Options.Select(Quote));
            var values = command.Values.Count > 0 ? $"compadd -- {string.Join(' ', command.Values.Select(Quote))}" : "_default";
            script.Append($"    {Quote(command.Name)}) if [[ $PREFIX == -* ]]; then compadd -- {options}; else {values}; fi ;;\n");
        }

        script.Append("""
              esac
            }

            if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then _paas "$@"; else compdef _paas paas; fi

            """);
        return script.ToString();
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
