using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.NodeServices.Telemetry;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// One app's build queue: its jobs run one at a time, in the order queued, by a loop started from
/// the app grain and so on the grain's own scheduler (pushes to other apps build in parallel in
/// their grains, and reads never wait behind a build). A job can be abandoned until its deploy
/// begins. The logs of the newest jobs are held for readers following them.
/// </summary>
public sealed partial class BuildQueue(string app, IBuildJobRunner runner, ILogger logger)
{
    // Enough that a slow reader still gets the whole output of a recent build.
    public const int RetainedLogs = 10;

    private readonly Queue<BuildJob> _queue = new();
    private readonly JobLogs _logs = new(RetainedLogs);
    // Jobs that can still be abandoned (queued or building); a job leaves when its deploy begins.
    private readonly Dictionary<int, CancellationTokenSource> _abandonable = [];
    // The job between its dequeue and its outcome; its record is written after, and does not count.
    private int? _building;

    /// <summary>Queued jobs and the one building.</summary>
    public int InFlight => _queue.Count + (_building is null ? 0 : 1);

    /// <summary>Completes when the queue is empty again (and every job's record is written).</summary>
    public Task Drained { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Queues job <paramref name="id"/>: a build of <paramref name="source"/> or a deploy of
    /// <paramref name="image"/>; with <paramref name="rebuild"/>, a build of that release's commit to make its image again.
    /// </summary>
    public BuildTicket Enqueue(int id, BuildSource? source, string? image, ActivityContext trace, ReleaseRecord? rebuild = null)
    {
        var job = new BuildJob(_logs.Open(id), source, image, trace, rebuild);
        var ahead = InFlight;
        _abandonable[id] = new CancellationTokenSource();
        _queue.Enqueue(job);
        if (ahead > 0)
        {
            job.Log.Step($"Waiting for {ahead} earlier build(s) of {app} to finish");
        }

        if (Drained.IsCompleted)
        {
            Drained = DrainAsync();
        }

        return new BuildTicket(id, ahead);
    }

    /// <summary>Job <paramref name="id"/> is refused before it is queued: its log (readable like any job's) says why.</summary>
    public BuildTicket Refuse(int id, string reason)
    {
        _logs.Open(id).Fail(reason);
        return new BuildTicket(id, 0);
    }

    /// <summary>Abandons a job not yet deploying (its pusher left); false when it is deploying, done or unknown.</summary>
    public bool Abandon(int id)
    {
        if (!_abandonable.Remove(id, out var abandon))
        {
            return false;
        }

        _logs.Find(id)?.Error("The push was interrupted: the build is abandoned and nothing will be deployed");
        abandon.Cancel();
        return true;
    }

    /// <summary>Abandons every job not yet deploying (for a destroy); one already deploying finishes.</summary>
    public void AbandonAll(string reason)
    {
        foreach (var (id, abandon) in _abandonable.ToList())
        {
            _abandonable.Remove(id);
            _logs.Find(id)?.Error(reason);
            abandon.Cancel();
        }
    }

    /// <summary>
    /// The point of no return of a job: true (and no longer abandonable) unless it was abandoned.
    /// From here on the deploy finishes even if its pusher leaves, and git then moves the branch.
    /// </summary>
    public bool TryBeginDeploy(int id) => _abandonable.Remove(id, out var abandon) && !abandon.IsCancellationRequested;

    public BuildLog? Log(int id) => _logs.Find(id);

    public Task<BuildLogChunk> ReadLogAsync(int id, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        _logs.ReadAsync(id, fromLine, wait, cancellationToken);

    /// <summary>Drops the held logs (the app was destroyed): their readers end.</summary>
    public void ForgetLogs() => _logs.Clear();

    private async Task DrainAsync()
    {
        while (_queue.TryDequeue(out var job))
        {
            runner.Working(true);
            // The current activity while the job runs, so its steps' spans are its children.
            using var span = PaasTracing.Start(job.Rebuild is not null ? "rebuild image" : job.Source is not null ? "build and deploy" : "deploy image",
                ActivityKind.Internal, job.Trace);
            span?.SetTag("app", app).SetTag("build", job.Id).SetTag("commit", job.Source?.Commit).SetTag("image", job.Image);
            var deployed = await RunAsync(job);
            span?.SetTag("result", job.Log.Outcome.ToString().ToLowerInvariant())
                .SetStatus(job.Log.Outcome == BuildOutcome.Succeeded ? ActivityStatusCode.Unset : ActivityStatusCode.Error);
            try
            {
                await runner.FinishedAsync(job, deployed);
            }
            catch (Exception ex)
            {
                // The outcome stands (its log says it); the next job still runs.
                LogRecordFailed(logger, ex, app, job.Id);
            }
        }

        runner.Working(false);
    }

    private async Task<bool> RunAsync(BuildJob job)
    {
        var abandoned = _abandonable.TryGetValue(job.Id, out var abandon) ? abandon.Token : new CancellationToken(canceled: true);
        var log = job.Log;
        _building = job.Id;
        var deployed = false;
        try
        {
            log.SetOutcome(BuildOutcome.Running);
            deployed = !abandoned.IsCancellationRequested && await runner.RunAsync(job, abandoned);
            log.SetOutcome(deployed ? BuildOutcome.Succeeded : BuildOutcome.Failed);
        }
        catch (OperationCanceledException) when (abandoned.IsCancellationRequested)
        {
            log.Fail(runner.NothingDeployedNote());
        }
        catch (Exception ex)
        {
            LogJobCrashed(logger, ex, app, job.Id);
            log.Fail($"internal error: {ex.GetBaseException().Message}");
        }
        finally
        {
            _abandonable.Remove(job.Id);
            _building = null;
        }

        return deployed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Build {BuildId} of {App} crashed")]
    private static partial void LogJobCrashed(ILogger logger, Exception exception, string app, int buildId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The record of build {BuildId} of {App} was not written")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string app, int buildId);
}
