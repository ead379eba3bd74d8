using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Ps;

/// <summary><c>paas ps:report NAME</c></summary>
internal static class PsReportCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var command = new Command("ps:report", "Show an app's status, formation and instances") { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await client.GetProcessesAsync(name, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            ProcessPrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
