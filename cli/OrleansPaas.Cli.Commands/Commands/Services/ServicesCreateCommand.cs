using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:create postgres|redis NAME [--version V]</c> (Dokku's <c>postgres:create</c>, <c>redis:create</c>).</summary>
internal static class ServicesCreateCommand
{
    public static Command Create(CommandContext context)
    {
        var kind = new Argument<string>("kind") { Description = "postgres or redis" };
        var name = new Argument<string>("name") { Description = "The service's name: lower-case letters, digits and '-'" };
        var version = new Option<string?>("--version") { Description = "The image's version (16, 7.2); default: the configured image" };
        var command = new Command("services:create", "Run a PostgreSQL or Redis service on a volume of its own, with a generated password") { kind, name, version };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var response = await client.CreateServiceAsync(parseResult.GetRequiredValue(kind), parseResult.GetRequiredValue(name), parseResult.GetValue(version), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var service = response.Read();
            context.Out.Step($"Created {service.Kind} service {service.Name} ({service.Image}) on node {service.Node}");
            context.Out.Note($"Link it to an app: paas services:link {service.Name} APP");
            return 0;
        });
        return command;
    }
}
