using System.CommandLine;
using OrleansPaas.Cli.Commands.Logs;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:logs NAME [-n N] [-t]</c>: the service container's output.</summary>
internal static class ServicesLogsCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var lines = LogStream.LinesOption();
        var tail = LogStream.TailOption();
        var command = new Command("services:logs", "Print a service's output") { name, lines, tail };
        context.SetAction(command, (parseResult, ct) => LogStream.CopyAsync(context,
            client => client.OpenServiceLogsAsync(parseResult.GetRequiredValue(name), parseResult.GetValue(lines), parseResult.GetValue(tail), ct), ct));
        return command;
    }
}
