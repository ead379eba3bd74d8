using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Logs;

/// <summary><c>paas logs NAME [-n N] [-t]</c>: an app's output, also of earlier instances and releases.</summary>
internal static class LogsCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var lines = LogStream.LinesOption();
        var tail = LogStream.TailOption();
        var command = new Command("logs", "Print an app's output, also of earlier instances and releases, each line prefixed with its instance and release (web.1 v3 | …)") { app, lines, tail };
        context.SetAction(command, (parseResult, ct) => LogStream.CopyAsync(context,
            client => client.OpenLogsAsync(parseResult.GetRequiredValue(app), parseResult.GetValue(lines), parseResult.GetValue(tail), ct), ct));
        return command;
    }
}
