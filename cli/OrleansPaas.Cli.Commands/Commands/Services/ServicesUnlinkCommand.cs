using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:unlink NAME APP</c>: the URL leaves the app's config (a new release) and its containers the service's network.</summary>
internal static class ServicesUnlinkCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var app = new Argument<string>("app") { Description = "The linked app" };
        var command = new Command("services:unlink", "Take the service's URL and access away from an app (a new release)") { name, app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var service = parseResult.GetRequiredValue(name);
            var target = parseResult.GetRequiredValue(app);
            var response = await client.UnlinkServiceAsync(service, target, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Unlinked {service} from {target}");
            return 0;
        });
        return command;
    }
}
