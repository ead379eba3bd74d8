using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Domains;

/// <summary><c>paas domains:remove NAME DOMAIN</c></summary>
internal static class DomainsRemoveCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var domain = new Argument<string>("domain") { Description = "The domain to stop serving the app at" };
        var command = new Command("domains:remove", "Stop serving an app at a domain") { app, domain };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var host = parseResult.GetRequiredValue(domain);
            using var client = context.CreateClient();
            var response = await client.RemoveDomainAsync(name, host, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Removed {host} from {name}");
            DomainsPrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
