using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Apps;

/// <summary><c>paas apps:create NAME</c>: an app can also be created by its first git push.</summary>
internal static class AppsCreateCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var command = new Command("apps:create", "Create an app (the first git push creates it too)") { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await client.CreateAppAsync(name, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var details = response.Read();
            context.Out.Step($"Created {details.Name}");
            context.Out.Note($"deploy: git remote add paas {client.Url}/{details.Name}.git && git push paas main");
            context.Out.Note($"served at: {details.Url}");
            return 0;
        });
        return command;
    }
}
