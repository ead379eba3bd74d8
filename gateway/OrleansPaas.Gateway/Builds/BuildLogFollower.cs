using System.Runtime.CompilerServices;
using OrleansPaas.Apps;
using OrleansPaas.Builds;

namespace OrleansPaas.Gateway.Builds;

/// <summary>
/// Follows a queued build's log on its app grain until the build ends, for whoever streams it
/// to a user (the git hook, the deploy-image API).
/// </summary>
public static class BuildLogFollower
{
    // Long enough to keep few calls in flight, short enough to stay far below Orleans' call timeout.
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(15);

    /// <summary>Chunks of new lines as they come; the last chunk carries the finished outcome.</summary>
    public static IAsyncEnumerable<BuildLogChunk> FollowAsync(IAppGrain app, int buildId, CancellationToken cancellationToken) =>
        FollowAsync((from, wait, ct) => app.ReadBuildLogAsync(buildId, from, wait, ct), cancellationToken);

    /// <summary>Follows any job log the grain keeps the same way (a certificate order, say).</summary>
    public static async IAsyncEnumerable<BuildLogChunk> FollowAsync(Func<int, TimeSpan, CancellationToken, Task<BuildLogChunk>> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = 0;
        while (true)
        {
            var chunk = await read(next, PollWait, cancellationToken);
            yield return chunk;
            next = chunk.NextLine;
            if (chunk.Outcome.IsFinished())
            {
                yield break;
            }
        }
    }
}
