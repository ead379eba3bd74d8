using System.CommandLine;
using System.Text;

namespace OrleansPaas.Cli.Commands.Logs;

/// <summary>
/// <c>paas logs NAME [-n N] [-t]</c> (Dokku's flags). The API answers plain text, so output is the
/// same with or without <c>--json</c>; it is written as it arrives, not per line, so a partial line
/// (a progress bar, a prompt) shows up at once.
/// </summary>
internal static class LogsCommand
{
    private const int DefaultLines = 100;

    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var lines = new Option<int>("--num", "-n")
        {
            Description = $"How many recent lines to print (default {DefaultLines})",
            DefaultValueFactory = _ => DefaultLines,
        };
        var tail = new Option<bool>("--tail", "-t") { Description = "Keep streaming new lines until Ctrl-C" };
        var command = new Command("logs", "Print an app's output, also of earlier instances and releases, each line prefixed with its instance and release (web.1 v3 | …)") { app, lines, tail };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            try
            {
                using var response = await client.OpenLogsAsync(name, parseResult.GetValue(lines), parseResult.GetValue(tail), ct);
                await using var stream = await response.Content.ReadAsStreamAsync(ct);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var buffer = new char[4096];
                int read;
                while ((read = await reader.ReadAsync(buffer, ct)) > 0)
                {
                    context.Out.Write(buffer, 0, read);
                    await context.Out.FlushAsync(ct);
                }
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or IOException)
            {
                // Ctrl-C is how a user leaves `logs -t`: a normal end, not a failure.
            }

            return 0;
        });
        return command;
    }
}
