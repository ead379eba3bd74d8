using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Apps;

/// <summary>
/// <c>paas apps:destroy NAME --force</c>. Dokku asks for the name interactively; a CLI that
/// scripts run cannot prompt, so the irreversible step needs an explicit flag instead.
/// </summary>
internal static class AppsDestroyCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var force = new Option<bool>("--force") { Description = "Confirm: this cannot be undone" };
        var command = new Command("apps:destroy", "Destroy an app: its containers, images, repository, domains and state") { app, force };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            if (!parseResult.GetValue(force))
            {
                return context.Fail($"apps:destroy needs --force; this removes containers, images, repository and state of '{name}'");
            }

            using var client = context.CreateClient();
            await client.DestroyAppAsync(name, ct);
            if (!context.WantsJson(parseResult))
            {
                // With --json the answer (204) has no document, so nothing is printed.
                context.Out.Step($"Destroyed {name}");
            }

            return 0;
        });
        return command;
    }
}
