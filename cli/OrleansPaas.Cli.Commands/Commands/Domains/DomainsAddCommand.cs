using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Domains;

/// <summary><c>paas domains:add NAME DOMAIN</c></summary>
internal static class DomainsAddCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var domain = new Argument<string>("domain") { Description = "The domain to serve the app at, e.g. www.example.com" };
        var command = new Command("domains:add", "Serve an app at another domain") { app, domain };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var host = parseResult.GetRequiredValue(domain);
            using var client = context.CreateClient();
            var response = await client.AddDomainAsync(name, host, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Added {host} to {name}");
            DomainsPrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
