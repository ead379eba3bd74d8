using System.Collections.Concurrent;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// A builder whose builds block until the test releases them, recording per app how many of its
/// builds ran at once and which other apps' builds were running then, so queueing can be observed
/// without Docker. Every figure is per app, so tests that name their own apps do not see each other's.
/// </summary>
public sealed class FakeImageBuilder : IImageBuilder
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _runningPerApp = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _releases = new();

    private readonly Dictionary<string, int> _maxRunningPerApp = [];
    private readonly Dictionary<string, HashSet<string>> _overlaps = [];

    public ConcurrentQueue<string> Started { get; } = new();

    /// <summary>The most builds of <paramref name="app"/> that ever ran at once.</summary>
    public int MaxRunningOf(string app)
    {
        lock (_gate)
        {
            return _maxRunningPerApp.GetValueOrDefault(app);
        }
    }

    /// <summary>A build of <paramref name="app"/> and one of <paramref name="other"/> ran at the same time.</summary>
    public bool RanTogether(string app, string other)
    {
        lock (_gate)
        {
            return _overlaps.TryGetValue(app, out var seen) && seen.Contains(other);
        }
    }

    /// <summary>Lets the build of this commit finish, successfully or not.</summary>
    public void Finish(string commit, bool succeed = true) => Release(commit).TrySetResult(succeed);

    public async Task<BuildResult> BuildAsync(BuildRequest request, BuildLog log, CancellationToken cancellationToken)
    {
        var (app, buildId, source) = (request.App, request.BuildId, request.Source);
        lock (_gate)
        {
            _runningPerApp[app.Value] = _runningPerApp.GetValueOrDefault(app.Value) + 1;
            _maxRunningPerApp[app.Value] = Math.Max(_maxRunningPerApp.GetValueOrDefault(app.Value), _runningPerApp[app.Value]);
            foreach (var other in _runningPerApp.Where(r => r.Value > 0 && r.Key != app.Value).Select(r => r.Key))
            {
                Overlap(app.Value, other);
                Overlap(other, app.Value);
            }
        }

        Started.Enqueue(source.Commit);
        log.Step($"fake build of {source.Commit}");
        bool succeed;
        try
        {
            // Stopped as a real build is: when the push is abandoned or times out.
            succeed = await Release(source.Commit).Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _runningPerApp[app.Value]--;
            }
        }

        return succeed
            ? BuildResult.Success($"fake/{app}:build-{buildId}", new Dictionary<string, string> { ["web"] = "" }, ReleaseKind.Image)
            : BuildResult.Failure("fake failure");
    }

    private void Overlap(string app, string other)
    {
        if (!_overlaps.TryGetValue(app, out var seen))
        {
            _overlaps[app] = seen = new HashSet<string>(StringComparer.Ordinal);
        }

        seen.Add(other);
    }

    private TaskCompletionSource<bool> Release(string commit) =>
        _releases.GetOrAdd(commit, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
}
