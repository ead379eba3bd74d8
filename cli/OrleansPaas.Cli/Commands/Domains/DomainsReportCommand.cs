using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Domains;

/// <summary><c>paas domains:report NAME</c></summary>
internal static class DomainsReportCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var command = new Command("domains:report", "Show an app's default domain and added domains") { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await client.GetDomainsAsync(name, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            DomainsPrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
