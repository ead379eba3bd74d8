using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:list</c>: name, kind, version, node, status, linked apps.</summary>
internal static class ServicesListCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("services:list", "List the backing services");
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var response = await client.ListServicesAsync(ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var services = response.Read();
            context.Out.Header("Services");
            if (services.Count == 0)
            {
                context.Out.Note("No services yet: paas services:create postgres NAME");
                return 0;
            }

            context.Out.WriteTable(
                ["NAME", "KIND", "VERSION", "NODE", "STATUS", "LINKED APPS"],
                services.Select(s => new[] { s.Name, s.Kind, s.Version, s.Node, s.Status, s.Links.Count == 0 ? "-" : string.Join(',', s.Links.Select(l => l.App)) }));
            return 0;
        });
        return command;
    }
}
