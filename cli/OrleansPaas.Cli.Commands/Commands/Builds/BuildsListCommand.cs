using System.Globalization;
using System.CommandLine;
using OrleansPaas.Contracts.Builds;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Builds;

/// <summary><c>paas builds:list NAME</c>: newest first, as Dokku's builds:list.</summary>
internal static class BuildsListCommand
{
    // A commit is shown as git's short form.
    private const int ShortCommit = 7;

    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "builds:list",
        "List an app's builds, newest first: commit, builder, start, duration, result",
        (client, app, ct) => client.ListBuildsAsync(app, ct),
        (_, app, builds) => Print(context, app, builds));

    private static void Print(CommandContext context, string app, List<BuildView> builds)
    {
        context.Out.Header($"{app} builds");
        if (builds.Count == 0)
        {
            context.Out.Note("no builds yet: git push to build");
            return;
        }

        var now = context.Clock.GetUtcNow();
        context.Out.WriteTable(
            ["ID", "SOURCE", "BUILDER", "STARTED", "DURATION", "RESULT", "RELEASE"],
            builds.OrderByDescending(b => b.Id).Select(b => new[]
            {
                b.Id.ToString(CultureInfo.InvariantCulture),
                Source(b),
                b.Builder.Length == 0 ? "-" : b.Builder,
                RelativeTime.Format(b.StartedAt, now),
                b.DurationSeconds is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0}s") : "-",
                b.Result,
                b.Release is { } v ? $"v{v}" : "-",
            }));
    }

    // A rebuild says which release's image it made again: the platform started it, not a push.
    private static string Source(BuildView build)
    {
        var source = build.Image ?? (build.Commit.Length > ShortCommit ? build.Commit[..ShortCommit] : build.Commit);
        return build.RebuildOf is { } version ? $"{source} (rebuild of v{version})" : source;
    }
}
