using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:link NAME APP [--as VAR]</c>: the app gets the service's URL as config (a new release) and can reach it.</summary>
internal static class ServicesLinkCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var app = new Argument<string>("app") { Description = "The app to link" };
        var variable = new Option<string?>("--as") { Description = "The config var to set (default DATABASE_URL for postgres, REDIS_URL for redis)" };
        var command = new Command("services:link", "Give an app the service's URL as a config var and access to it (a new release)") { name, app, variable };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var service = parseResult.GetRequiredValue(name);
            var target = parseResult.GetRequiredValue(app);
            var response = await client.LinkServiceAsync(service, target, parseResult.GetValue(variable), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var link = response.Read().Links.First(l => l.App == target);
            context.Out.Step($"Linked {service} to {target} as {link.Variable}");
            return 0;
        });
        return command;
    }
}
