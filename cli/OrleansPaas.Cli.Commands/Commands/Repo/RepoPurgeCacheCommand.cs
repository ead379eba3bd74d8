using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Repo;

/// <summary>
/// <c>paas repo:purge-cache NAME</c> (Dokku's name): empties the buildpacks' cache of the app, the
/// way out when a stale cached dependency breaks builds. The next push builds from scratch.
/// </summary>
internal static class RepoPurgeCacheCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var command = new Command("repo:purge-cache", "Empty the app's build cache; the next build starts from scratch") { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            await client.PurgeCacheAsync(name, ct);
            if (!context.WantsJson(parseResult))
            {
                // With --json the answer (204) has no document, so nothing is printed.
                context.Out.Step($"Purged the build cache of {name}");
            }

            return 0;
        });
        return command;
    }
}
