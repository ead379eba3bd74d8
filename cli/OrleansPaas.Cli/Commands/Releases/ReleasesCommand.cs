using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Releases;

/// <summary><c>paas releases NAME</c>: newest first, the serving one marked with '*'.</summary>
internal static class ReleasesCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var command = new Command("releases", "List an app's releases, newest first") { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await client.ListReleasesAsync(name, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var releases = response.Read();
            context.Out.Header($"{name} releases");
            if (releases.Count == 0)
            {
                context.Out.Note("no releases yet: git push to deploy");
                return 0;
            }

            var now = context.Clock.GetUtcNow();
            context.Out.WriteTable(
                ["", "VERSION", "DESCRIPTION", "STATUS", "WHEN"],
                releases.Select(r => new[]
                {
                    r.Current ? "*" : "", $"v{r.Version}", r.Description, r.Status, RelativeTime.Format(r.CreatedAt, now),
                }));
            return 0;
        });
        return command;
    }
}
