using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Completion;

/// <summary><c>paas completion bash|zsh</c>: prints a completion script for the whole command tree.</summary>
internal static class CompletionCommand
{
    public static Command Create(CommandContext context, RootCommand root)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script: source <(paas completion bash), or zsh") { shell };
        context.SetAction(command, (parseResult, _) =>
        {
            var commands = CompletionModel.Commands(root);
            var rootOptions = CompletionModel.RootOptions(root);
            context.Out.Write(parseResult.GetRequiredValue(shell) == "zsh"
                ? ZshCompletionScript.Write(commands, rootOptions)
                : BashCompletionScript.Write(commands, rootOptions));
            return Task.FromResult(0);
        });
        return command;
    }
}
