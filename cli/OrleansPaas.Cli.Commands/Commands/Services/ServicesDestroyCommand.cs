using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:destroy NAME [--force]</c>: the container, network and volume (the data) go; refused while linked unless --force, which unlinks first.</summary>
internal static class ServicesDestroyCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var force = new Option<bool>("--force") { Description = "Also when apps are linked: unlink them first" };
        var command = new Command("services:destroy", "Destroy a service and its data") { name, force };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var service = parseResult.GetRequiredValue(name);
            var response = await client.DestroyServiceAsync(service, parseResult.GetValue(force), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Destroyed {service} and its data");
            return 0;
        });
        return command;
    }
}
