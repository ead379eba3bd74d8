using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Attachments;

/// <summary>
/// Which containers on a volume's node keep <c>storage:move</c> from copying it: anything still running
/// on the volume while it is copied would write to the copy left behind, and those writes would be lost.
/// Pure: the caller lists the volume's users (<see cref="VolumeUser"/>) and names the app's own processes.
/// </summary>
/// <remarks>
/// A one-off run (<c>paas run</c>) is someone's console or a migration: Heroku's one-off dynos and Dokku's
/// <c>run</c> containers outlive <c>ps:stop</c>, restarts and maintenance mode, and a user of either
/// expects a command about the app not to kill their session. Killing a migration half-way could leave
/// the very files the move protects half-changed, and only the person running it knows when it may end.
/// So the move is refused, naming each run, and changes nothing (<see cref="Blocking"/>). A cron run is
/// the platform's own and bounded (<c>Paas:Cron:Timeout</c>), as is an instance the move itself stops: the
/// move waits for those to end (<see cref="Awaited"/>) and starts no new cron run meanwhile.
/// </remarks>
public static class VolumeRuns
{
    /// <summary>The users the move waits for: cron runs, and containers of the app's own processes (<paramref name="processes"/>: web, worker…) still stopping.</summary>
    public static IReadOnlyList<VolumeUser> Awaited(IEnumerable<VolumeUser> users, IReadOnlySet<string> processes) =>
        users.Where(u => IsCron(u) || processes.Contains(u.Process)).ToList();

    /// <summary>Why the move is refused: the users it does not wait for (one-off runs, anything else); null when there are none.</summary>
    public static string? Blocking(string app, string volume, string node, IEnumerable<VolumeUser> users, IReadOnlySet<string> processes)
    {
        var blocking = users.Where(u => !IsCron(u) && !processes.Contains(u.Process)).ToList();
        if (blocking.Count == 0)
        {
            return null;
        }

        return $"volume '{volume}' of {app} is in use on node {node} by {string.Join(", ", blocking.Select(Describe))}; "
            + "its writes would be lost with the copy left behind, so the move copies nothing while it runs: "
            + "let it end (exit the session, or docker stop it on that node) and run storage:move again";
    }

    /// <summary>One user in words: <c>a one-off run `sh -c …` (container 3f2a1b9c0d4e, started 00:21:05 UTC)</c>.</summary>
    public static string Describe(VolumeUser user)
    {
        var what = user.Process == "run" ? "a one-off run" : IsCron(user) ? $"cron job {user.Process[5..]}" : $"process '{user.Process}'";
        var started = user.StartedAt is { } at ? $", started {at.UtcDateTime:HH:mm:ss} UTC" : "";
        return $"{what} `{user.Command}` (container {user.ContainerId[..Math.Min(12, user.ContainerId.Length)]}{started})";
    }

    private static bool IsCron(VolumeUser user) => user.Process.StartsWith("cron.", StringComparison.Ordinal);
}
