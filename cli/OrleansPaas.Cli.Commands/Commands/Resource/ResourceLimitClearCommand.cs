using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Resource;

/// <summary><c>paas resource:limit-clear NAME</c>: the app's containers get the platform's default limits again.</summary>
internal static class ResourceLimitClearCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "resource:limit-clear",
        "Clear an app's own CPU and memory limits (the platform's defaults apply); a running app restarts onto them",
        (client, app, ct) => client.ClearResourceLimitsAsync(app, ct),
        (_, app, report) =>
        {
            context.Out.Step($"Cleared the resource limits of {app}");
            ResourcePrinter.Report(context.Out, app, report);
        });
}
