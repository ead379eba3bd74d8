using System.Collections.Concurrent;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// A builder whose builds block until the test releases them, recording how many run at once
/// per app and in total, so queueing can be observed without Docker.
/// </summary>
public sealed class FakeImageBuilder : IImageBuilder
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _runningPerApp = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _releases = new();

    public int MaxRunningPerApp { get; private set; }
    public int MaxRunningTotal { get; private set; }
    public ConcurrentQueue<string> Started { get; } = new();

    /// <summary>Lets the build of this commit finish, successfully or not.</summary>
    public void Finish(string commit, bool succeed = true) => Release(commit).TrySetResult(succeed);

    public async Task<BuildResult> BuildAsync(BuildRequest request, BuildLog log, CancellationToken cancellationToken)
    {
        var (app, buildId, source) = (request.App, request.BuildId, request.Source);
        lock (_gate)
        {
            _runningPerApp[app.Value] = _runningPerApp.GetValueOrDefault(app.Value) + 1;
            MaxRunningPerApp = Math.Max(MaxRunningPerApp, _runningPerApp[app.Value]);
            MaxRunningTotal = Math.Max(MaxRunningTotal, _runningPerApp.Values.Sum());
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

    private TaskCompletionSource<bool> Release(string commit) =>
        _releases.GetOrAdd(commit, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
}
