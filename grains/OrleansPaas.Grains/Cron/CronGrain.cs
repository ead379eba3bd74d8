using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Audit;
using OrleansPaas.Configuration;
using OrleansPaas.Cron;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Cron;

/// <summary>
/// One app's scheduled jobs (key = app name). A reminder (durable, once a minute, survives the
/// death of the silo that held the grain) wakes it; a grain timer fires each job at its exact
/// time. Exactly once per scheduled time across the cluster: the time is written to storage
/// before its run starts, so a later activation (anywhere) sees it was fired, and an activation
/// whose write loses to another (a partition) starts nothing. A run still going at its next time
/// is not started again (Kubernetes' <c>concurrencyPolicy: Forbid</c>); that time is recorded as skipped.
/// </summary>
public sealed partial class CronGrain(
    [PersistentState("cron", GrainStorage.Name)] IPersistentState<CronState> state,
    ClusterNodes nodes,
    IOptions<PaasOptions> options,
    TimeProvider time,
    ILogger<CronGrain> logger) : Grain, ICronGrain, IRemindable
{
    public const string ReminderName = "cron";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    // A firing later than this says so in the log, with what woke it: the timer should have been within milliseconds.
    private static readonly TimeSpan LateFiring = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MoveQuestionTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AppQuestionTimeout = TimeSpan.FromSeconds(10);
    // Only the early wake after a departure depends on the set of firing apps: it must never hold a cron up.
    private static readonly TimeSpan CronAppsTimeout = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CronSchedule> _schedules = new(StringComparer.Ordinal);
    // Runs end in the background: their writes and the firing's take turns, so no write uses a stale ETag of this activation's own.
    private readonly SemaphoreSlim _saving = new(1, 1);
    private IGrainTimer? _timer;
    private AppName _app;
    // The app was destroyed: a run still ending writes nothing back (an app created again starts empty).
    private bool _forgotten;

    private CronState State => state.State;
    private CronOptions Settings => options.Value.Cron;
    private DateTimeOffset Now => time.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _app = AppName.Parse(this.GetPrimaryKeyString());
        // Runs an earlier activation started have no end it could record: their node or silo went away.
        var interrupted = State.Runs.Where(r => r.EndedAt is null).ToList();
        foreach (var run in interrupted)
        {
            Record(run with { Problem = "the platform lost track of this run (its silo or node went away)" });
        }

        if (interrupted.Count > 0)
        {
            await SaveAsync();
        }

        // What is due first: a wake after a node's departure is for this, and the set below may have been on that node.
        await FireDueAsync("activation");
        if (Firing)
        {
            // A cron that had jobs before the set of firing apps was kept is added at its reminder's next tick.
            await TellCronAppsAsync();
        }
    }

    public async Task FollowAsync(IReadOnlyList<CronJob> jobs)
    {
        var now = Now;
        var kept = State.Jobs.Where(j => jobs.Any(n => n.Id == j.Job.Id)).ToList();
        var added = jobs.Where(n => kept.All(k => k.Job.Id != n.Id)).Select(n => new CronJobState { Job = n, Since = now }).ToList();
        if (added.Count > 0 || kept.Count != State.Jobs.Count)
        {
            State.Jobs = [.. jobs.Select(n => kept.Concat(added).First(j => j.Job.Id == n.Id))];
            await SaveAsync();
            LogFollowing(logger, _app.Value, State.Jobs.Count);
        }

        await KeepRemindedAsync();
        Arm();
    }

    public async Task ForgetAsync()
    {
        _forgotten = true;
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await state.ClearStateAsync();
        state.State = new CronState();
        await TellCronAppsAsync();
        DeactivateOnIdle();
    }

    public Task<CronReport> GetReportAsync() => Task.FromResult(Report());

    public async Task<CronCommandResult> RunNowAsync(string id)
    {
        if (State.Jobs.FirstOrDefault(j => j.Job.Id == id) is not { } job)
        {
            return CronCommandResult.NotFound(State.Jobs.Count == 0
                ? $"app '{_app}' has no cron jobs (app.json \"cron\" of its current release)"
                : $"app '{_app}' has no cron job '{id}'; its jobs are {string.Join(", ", State.Jobs.Select(j => j.Job.Id))}");
        }

        if (_running.Contains(id))
        {
            return CronCommandResult.Conflict($"cron job '{id}' of '{_app}' is still running; it is not started twice");
        }

        if (await MoveRefusalAsync() is { } moving)
        {
            return CronCommandResult.Conflict(moving);
        }

        var run = Begin(job, null);
        await SaveOrForgetAsync([id]);
        Start(job, run);
        return CronCommandResult.Ok(Report());
    }

    public async Task<CronCommandResult> SetSuspendedAsync(bool suspended)
    {
        if (State.Suspended != suspended)
        {
            State.Suspended = suspended;
            if (!suspended)
            {
                // Times that passed while suspended are not caught up.
                var now = Now;
                State.Jobs.ForEach(j => j.Since = now);
            }

            await SaveAsync();
        }

        await KeepRemindedAsync();
        Arm();
        return CronCommandResult.Ok(Report());
    }

    public Task WakeAsync() => FireDueAsync("a node's departure");

    public Task ReceiveReminder(string reminderName, TickStatus status) => FireDueAsync("the reminder");

    /// <summary>Fires every job due now: first records the times (one write), then starts the runs. <paramref name="wokenBy"/> is for the log.</summary>
    private async Task FireDueAsync(string wokenBy)
    {
        if (State.Suspended || State.Jobs.Count == 0)
        {
            return;
        }

        var now = Now;
        var starting = new List<(CronJobState Job, CronRun Run)>();
        var fired = false;
        // Asked once per firing, only when a job is due: a run while the app's volume moves would write to the copy left behind.
        string? moving = null;
        var askedMoving = false;
        foreach (var job in State.Jobs)
        {
            if (CronDecisions.Due(Schedule(job), job.Since, job.LastScheduled, now, Settings.CatchUp) is not { } due)
            {
                continue;
            }

            job.LastScheduled = due;
            fired = true;
            if (now - due > LateFiring)
            {
                LogLate(logger, _app.Value, job.Job.Id, due, now - due, wokenBy);
            }

            if (_running.Contains(job.Job.Id))
            {
                Record(new CronRun(job.Job.Id, due, now, now, null, null, 0, "skipped: the previous run was still going"));
                LogSkipped(logger, _app.Value, job.Job.Id, due);
                continue;
            }

            if (!askedMoving)
            {
                askedMoving = true;
                moving = await MoveRefusalAsync();
            }

            if (moving is not null)
            {
                Record(new CronRun(job.Job.Id, due, now, now, null, null, 0, $"skipped: {moving}"));
                LogSkippedMoving(logger, _app.Value, job.Job.Id, due);
                continue;
            }

            starting.Add((job, Begin(job, due)));
        }

        if (fired)
        {
            // Nothing starts unless this write succeeds: an activation whose view is stale (a second
            // one during a partition) loses on its ETag here, and the times stay fired by the other.
            await SaveOrForgetAsync(starting.Select(s => s.Job.Job.Id));
        }

        foreach (var (job, run) in starting)
        {
            Start(job, run);
        }

        Arm();
    }

    /// <summary>Why no run of the app may start now (its volume is being moved: <c>storage:move</c>); null when one may, or when the app does not answer (the run then says why it cannot).</summary>
    private async Task<string?> MoveRefusalAsync()
    {
        try
        {
            // Bounded: the firing's time is written after this, and an app grain on a node that just died must not hold it.
            return await GrainFactory.GetGrain<IAppGrain>(_app.Value).RunRefusalAsync().WaitAsync(MoveQuestionTimeout);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Saves the fired times; when that fails, nothing of them starts and this activation goes (storage has the truth).</summary>
    private async Task SaveOrForgetAsync(IEnumerable<string> starting)
    {
        try
        {
            await SaveAsync();
        }
        catch (Exception)
        {
            foreach (var id in starting.ToList())
            {
                _running.Remove(id);
            }

            DeactivateOnIdle();
            throw;
        }
    }

    private CronRun Begin(CronJobState job, DateTimeOffset? scheduledFor)
    {
        var run = new CronRun(job.Job.Id, scheduledFor, Now, null, null, null, 0);
        Record(run);
        _running.Add(job.Job.Id);
        // The activation stays while a run goes (a suspended app's cron:run has no timer to keep it).
        DelayDeactivation(Settings.Timeout + TimeSpan.FromMinutes(1));
        return run;
    }

    /// <summary>The run in the background, on this grain's turn-taking scheduler: the grain keeps answering meanwhile.</summary>
    private void Start(CronJobState job, CronRun run)
    {
        LogStarting(logger, _app.Value, job.Job.Id, run.ScheduledFor);
        _ = RunAsync(job, run);
    }

    private async Task RunAsync(CronJobState job, CronRun run)
    {
        var process = $"cron.{job.Job.Id}";
        string? node = null;
        long? exit = null;
        string? problem = null;
        try
        {
            var app = GrainFactory.GetGrain<IAppGrain>(_app.Value);
            // Bounded: while this waits the job counts as running, and its next times would be skipped.
            var request = await app.GetJobRequestAsync(process, job.Job.Command).WaitAsync(AppQuestionTimeout);
            var live = nodes.Live();
            var storageNode = request is null ? null : StoragePlacement.RunNode(request.Attachments, (await app.GetInfoAsync().WaitAsync(AppQuestionTimeout)).StorageNode);
            node = storageNode ?? (live.Contains(nodes.Local) ? nodes.Local : live.FirstOrDefault());
            if (request is null)
            {
                problem = "the app has no deployed release";
            }
            else if (storageNode is not null && !live.Contains(storageNode))
            {
                problem = $"node {storageNode}, which holds the app's storage, is not available";
            }
            else if (node is null)
            {
                problem = "no node of the cluster is available";
            }
            else if (await GrainFactory.Node(node).EnsureImageAsync(request.Image, live) is { } imageProblem)
            {
                problem = imageProblem;
            }
            else
            {
                run = run with { Node = node, Release = request.ReleaseVersion };
                await foreach (var item in GrainFactory.Node(node).RunJobAsync(request, process, Settings.Timeout))
                {
                    exit = item.ExitCode ?? exit;
                }
            }
        }
        catch (Exception ex)
        {
            problem = $"the run did not complete on {node ?? "any node"}: {ex.GetBaseException().Message}";
        }
        finally
        {
            _running.Remove(job.Job.Id);
        }

        if (_forgotten)
        {
            return;
        }

        var ended = run with { Node = node, EndedAt = Now, ExitCode = exit, Problem = problem };
        Record(ended);
        LogEnded(logger, _app.Value, job.Job.Id, exit, problem);
        try
        {
            await SaveAsync();
            await GrainFactory.GetGrain<IAuditLogGrain>(0).AppendAsync(new AuditEntry(0, ended.EndedAt!.Value, "cron", node ?? "-", "cron:run", _app.Value,
                exit == 0 ? "ok" : problem is null ? $"failed (exit {exit})" : "failed",
                $"{process} {(run.ScheduledFor is { } at ? $"scheduled for {at:u}" : "started by cron:run")}{(problem is null ? "" : $": {problem}")}"));
        }
        catch (Exception ex)
        {
            // The run happened; only its record is missing. The next firing does not depend on it.
            LogRecordFailed(logger, _app.Value, job.Job.Id, ex.Message);
        }
    }

    /// <summary>Adds or replaces (same job and start) a run in the newest runs and as its job's last run.</summary>
    private void Record(CronRun run)
    {
        var index = State.Runs.FindIndex(r => r.JobId == run.JobId && r.StartedAt == run.StartedAt);
        if (index >= 0)
        {
            State.Runs[index] = run;
        }
        else
        {
            State.Runs.Add(run);
            if (State.Runs.Count > Settings.KeepRuns)
            {
                State.Runs.RemoveRange(0, State.Runs.Count - Settings.KeepRuns);
            }
        }

        if (State.Jobs.FirstOrDefault(j => j.Job.Id == run.JobId) is { } job && run.Problem?.StartsWith("skipped", StringComparison.Ordinal) != true)
        {
            job.LastRun = run;
        }
    }

    private async Task SaveAsync()
    {
        await _saving.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>The reminder exists exactly while there is something to fire: it is the wake-up that survives silos.</summary>
    private async Task KeepRemindedAsync()
    {
        var wanted = Firing;
        await TellCronAppsAsync();
        var reminder = await this.GetReminder(ReminderName);
        if (wanted && reminder is null)
        {
            // Its ticks fall just after each whole minute: if the timer is lost (the activation went), the next time fires seconds late, not up to a minute.
            await this.RegisterOrUpdateReminder(ReminderName, CronDecisions.ReminderDue(Now), ReminderPeriod);
        }
        else if (!wanted && reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>A timer for the next scheduled time of any job, so a run starts at its time and not at the reminder's next tick.</summary>
    private void Arm()
    {
        _timer?.Dispose();
        _timer = null;
        if (State.Suspended || State.Jobs.Count == 0)
        {
            return;
        }

        var now = Now;
        var next = State.Jobs.Select(j => CronDecisions.Next(Schedule(j), j.Since, j.LastScheduled, now)).Where(n => n is not null).Min();
        if (next is { } at)
        {
            var wait = at - now;
            _timer = this.RegisterGrainTimer(_ => FireDueAsync("its timer"), new GrainTimerCreationOptions(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan)
            {
                KeepAlive = true,
            });
        }
    }

    /// <summary>Jobs, not suspended: what the reminder is there for, and what puts the app in <see cref="ICronAppsGrain"/>.</summary>
    private bool Firing => State.Jobs.Count > 0 && !State.Suspended;

    /// <summary>Keeps the app's place in the set of firing apps (which a node's departure wakes) in step with this cron.</summary>
    private async Task TellCronAppsAsync()
    {
        try
        {
            await GrainFactory.GetGrain<ICronAppsGrain>(0).SetAsync(_app.Value, Firing).WaitAsync(CronAppsTimeout);
        }
        catch (Exception ex)
        {
            // Only the early wake after a node's departure depends on it; the reminder still fires, and the next command or activation tells again.
            LogCronAppsFailed(logger, _app.Value, ex.GetBaseException().Message);
        }
    }

    private CronSchedule Schedule(CronJobState job)
    {
        if (!_schedules.TryGetValue(job.Job.Schedule, out var schedule))
        {
            // Checked when app.json was read; stored jobs are valid.
            schedule = CronSchedule.Parse(job.Job.Schedule);
            _schedules[job.Job.Schedule] = schedule;
        }

        return schedule;
    }

    private CronReport Report()
    {
        var now = Now;
        var jobs = State.Jobs.Select(j => new CronJobStatus(j.Job.Id, j.Job.Schedule, j.Job.Command,
            State.Suspended ? null : CronDecisions.Next(Schedule(j), j.Since, j.LastScheduled, now), j.LastRun, _running.Contains(j.Job.Id))).ToList();
        return new CronReport(State.Suspended, jobs, State.Runs.ToList());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cron of {App} follows {Jobs} job(s)")]
    private static partial void LogFollowing(ILogger logger, string app, int jobs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cron job {Job} of {App} starts (scheduled for {ScheduledFor})")]
    private static partial void LogStarting(ILogger logger, string app, string job, DateTimeOffset? scheduledFor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cron job {Job} of {App} fires {Late} after its time {ScheduledFor}, woken by {WokenBy}")]
    private static partial void LogLate(ILogger logger, string app, string job, DateTimeOffset scheduledFor, TimeSpan late, string wokenBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cron job {Job} of {App} skipped its time {ScheduledFor}: the previous run is still going")]
    private static partial void LogSkipped(ILogger logger, string app, string job, DateTimeOffset scheduledFor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cron job {Job} of {App} skipped its time {ScheduledFor}: the app's volume is being moved")]
    private static partial void LogSkippedMoving(ILogger logger, string app, string job, DateTimeOffset scheduledFor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cron job {Job} of {App} ended (exit {ExitCode}) {Problem}")]
    private static partial void LogEnded(ILogger logger, string app, string job, long? exitCode, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the set of apps with cron jobs for {App}: {Reason}")]
    private static partial void LogCronAppsFailed(ILogger logger, string app, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the end of cron job {Job} of {App}: {Reason}")]
    private static partial void LogRecordFailed(ILogger logger, string app, string job, string reason);
}
