using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:info NAME</c>: kind, version, image, node, status, volume, linked apps.</summary>
internal static class ServicesInfoCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var command = new Command("services:info", "Show a service's kind, version, node, status, volume and linked apps") { name };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var response = await client.GetServiceAsync(parseResult.GetRequiredValue(name), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            ServicePrinter.Print(context.Out, response.Read());
            return 0;
        });
        return command;
    }
}
