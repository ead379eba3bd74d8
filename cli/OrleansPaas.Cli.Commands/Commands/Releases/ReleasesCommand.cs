using System.CommandLine;
using OrleansPaas.Contracts.Releases;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Releases;

/// <summary><c>paas releases NAME</c>: newest first, the serving one marked with '*'.</summary>
internal static class ReleasesCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "releases",
        "List an app's releases, newest first",
        (client, app, ct) => client.ListReleasesAsync(app, ct),
        (_, app, releases) => Print(context, app, releases));

    private static void Print(CommandContext context, string app, List<ReleaseView> releases)
    {
        context.Out.Header($"{app} releases");
        if (releases.Count == 0)
        {
            context.Out.Note("no releases yet: git push to deploy");
            return;
        }

        var now = context.Clock.GetUtcNow();
        context.Out.WriteTable(
            ["", "VERSION", "DESCRIPTION", "STATUS", "WHEN"],
            releases.Select(r => new[]
            {
                r.Current ? "*" : "", $"v{r.Version}", r.Description, r.Status, RelativeTime.Format(r.CreatedAt, now),
            }));
    }
}
