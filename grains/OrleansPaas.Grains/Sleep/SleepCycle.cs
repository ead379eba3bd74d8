using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Sleep;

namespace OrleansPaas.Grains.Sleep;

/// <summary>
/// One app's sleep: an app idle for its <c>sleep-after</c> goes to sleep (routes say so, then its
/// containers stop but stay); the first request on any gateway asks the app's grain to wake it, and
/// the wake runs once however many ask. A wake is the app desired awake, converged the way a
/// reconciliation pass converges (<see cref="AppReconciler"/>'s plan, <see cref="PlanExecutor"/>'s
/// starts: parked containers start again where they are, the rest anew, failures are crashes with
/// back-off); it commits "awake" only once every slot serves, otherwise the app sleeps on.
/// </summary>
public sealed partial class SleepCycle(ISleepHost app, PlanExecutor supervision, ClusterNodes nodes, SleepOptions options,
    OrleansPaas.NodeServices.Telemetry.PaasMetrics metrics, ILogger logger)
{
    // Briefly: a wake holds requests, and a node slow to list its containers is asked to start its parked one all the same.
    private static readonly TimeSpan WakeListTimeout = TimeSpan.FromSeconds(2);
    // Held requests of an app that cannot wake (or is not there) come back no sooner than this.
    private static readonly TimeSpan NotThereRetry = TimeSpan.FromSeconds(30);

    // An activation counts as activity: nothing is known about the time before it.
    private readonly IdleClock _clock = new(DateTimeOffset.UtcNow);
    private readonly SingleFlight<WakeResult> _wake = new();
    private IGrainTimer? _idleTimer;
    private CancellationTokenSource? _goingToSleep;

    private AppState State => app.State;
    private RunningInstances Running => app.Running;

    /// <summary>The idle time in force: the app's own, else the platform's default; null: never sleeps.</summary>
    public TimeSpan? SleepAfter => IdleClock.InForce(State.SleepAfter, options.IdleAfter);

    /// <summary>Why <paramref name="settings"/> cannot be taken, or null.</summary>
    public static string? Invalid(SleepSettings settings) =>
        settings.SleepAfter is { Default: false, Value: { } value } ? SleepDuration.OutOfRange(value) : null;

    public async Task ApplyAsync(SleepSettings settings)
    {
        if (settings.SleepAfter is { } change)
        {
            State.SleepAfter = change.Default ? null : change.Value ?? TimeSpan.Zero;
        }

        State.SleepPage = settings.SleepPage ?? State.SleepPage;
        await app.SaveAsync();
        // The idle clock starts now: a new setting never puts an app to sleep at once.
        _clock.Restart(DateTimeOffset.UtcNow);
        ArmIdleTimer();
        await app.PublishRouteAsync();
    }

    public void Heard(long requests, int open) => _clock.Heard(requests, open, DateTimeOffset.UtcNow);

    /// <summary>A fresh deploy: the idle time starts again.</summary>
    public void Deployed() => _clock.Restart(DateTimeOffset.UtcNow);

    /// <summary>A gateway's figures of a wake: how many requests it held and how soon the first was answered.</summary>
    public async Task<bool> RecordWakeFiguresAsync(int wake, int heldRequests, TimeSpan firstResponseAfter)
    {
        if (State.LastWake is { } last && last.Number == wake)
        {
            State.LastWake = last with
            {
                HeldRequests = last.HeldRequests + heldRequests,
                FirstResponseAfter = last.FirstResponseAfter is { } earlier && earlier < firstResponseAfter ? earlier : firstResponseAfter,
            };
            await app.SaveAsync();
        }

        return true;
    }

    /// <summary>A request for the app arrived on a gateway: awake already, or one wake for every request that asks meanwhile.</summary>
    public Task<WakeResult> WakeAsync()
    {
        if (!State.Exists)
        {
            return Task.FromResult(WakeResult.Failed($"app '{app.Name}' does not exist", 0, NotThereRetry));
        }

        // A request arrived while the app was on its way to sleep: it stays awake instead.
        _goingToSleep?.Cancel();
        return !State.Sleeping && !_wake.Running
            ? Task.FromResult(WakeResult.Up(State.Wakes))
            : _wake.JoinOrStart(() => app.RunCommandAsync(WakeNowAsync));
    }

    /// <summary>Wakes a sleeping app, inside a command (a request's wake, or <c>ps:start</c>).</summary>
    public async Task<WakeResult> WakeNowAsync()
    {
        if (!State.Sleeping || State.Current is not { } release)
        {
            return State.Current is null
                ? WakeResult.Failed($"app '{app.Name}' has not been deployed yet", State.Wakes, NotThereRetry)
                : WakeResult.Up(State.Wakes);
        }

        var now = DateTimeOffset.UtcNow;
        var slots = Rollout.Slots(release, State.Formation);
        if (WakeRules.BackingOff(slots, Running.Crashes, now) is { } waiting)
        {
            // A release that crashed on its last wake is not started again on every request.
            var (problem, retry) = WakeRules.Refused(waiting, now);
            return WakeResult.Failed(problem, State.Wakes, retry);
        }

        var number = State.Wakes + 1;
        var clock = Stopwatch.StartNew();
        LogWaking(logger, app.Name.Value, number);
        var live = nodes.Live();
        var plan = AppReconciler.Plan(app.Desired() with { Sleeping = false }, await supervision.ObserveAsync(live, WakeListTimeout), now);
        var rollout = app.NewRollout();
        var starts = await supervision.StartAsync(release, plan.Resume, plan.Due, rollout, live, now);
        await supervision.RemoveUnusedAsync(plan.Unused, rollout);
        var up = plan.Adopted.Concat(starts.Up).ToList();
        var unfilled = WakeRules.Unfilled(slots, up);
        State.Wakes = number;
        return unfilled.Count == 0
            ? await AwakeAsync(number, now, up, clock.Elapsed)
            : await SleepOnAsync(number, now, up, starts, unfilled, rollout, clock.Elapsed);
    }

    private async Task<WakeResult> AwakeAsync(int number, DateTimeOffset at, IReadOnlyList<InstanceInfo> up, TimeSpan took)
    {
        State.Sleeping = false;
        Running.Instances = [];
        Running.Serve(up);
        Running.Parked = [];
        State.LastWake = new WakeRecord(number, at, took, null, 0, null);
        metrics.WakeEnded(app.Name.Value, awake: true, took);
        await app.SaveAsync();
        _clock.Woke(DateTimeOffset.UtcNow);
        await app.PublishRouteAsync();
        LogWoke(logger, app.Name.Value, number, took.TotalMilliseconds);
        return WakeResult.Up(number);
    }

    private async Task<WakeResult> SleepOnAsync(int number, DateTimeOffset at, IReadOnlyList<InstanceInfo> up, SlotStarts starts,
        IReadOnlyList<InstanceSlot> unfilled, Rollout rollout, TimeSpan took)
    {
        var problem = WakeRules.Problem(starts, unfilled);
        metrics.WakeEnded(app.Name.Value, awake: false, took);
        // What did come up sleeps again; a resumed container that failed stays, stopped, for the next try.
        await rollout.ParkAsync(up);
        Running.Parked = up.Concat(starts.Failed.Select(f => f.Parked).OfType<InstanceInfo>()).ToList();
        State.LastWake = new WakeRecord(number, at, null, null, 0, problem);
        await app.SaveAsync();
        LogWakeFailed(logger, app.Name.Value, problem);
        return WakeResult.Failed(problem, number, WakeRules.RetryAfter(starts, DateTimeOffset.UtcNow));
    }

    /// <summary>Looks at the idle clock every quarter of the idle time (at most every 30 s), while the app may sleep.</summary>
    public void ArmIdleTimer()
    {
        _idleTimer?.Dispose();
        _idleTimer = null;
        if (SleepAfter is not { } after || !State.Exists)
        {
            return;
        }

        var period = IdleClock.LookEvery(after);
        _idleTimer = app.RegisterGrainTimer(_ => PutToSleepIfIdleAsync(), new GrainTimerCreationOptions(period, period) { Interleave = true, KeepAlive = true });
    }

    private bool IsIdle(DateTimeOffset now) => SleepAfter is { } after && State.Current is not null && !State.Stopped && !State.Sleeping
        && !_wake.Running && !app.Building && _clock.IsIdleFor(after, now);

    private async Task PutToSleepIfIdleAsync()
    {
        if (IsIdle(DateTimeOffset.UtcNow))
        {
            await app.RunCommandAsync(GoToSleepAsync);
        }
    }

    /// <summary>
    /// Routes first (gateways hold new requests from then on), then a short window for reports of
    /// traffic that was under way when the grain decided — any, or a request asking to wake, and the
    /// app stays awake — and only then do the containers stop, kept for the next wake.
    /// </summary>
    private async Task<bool> GoToSleepAsync()
    {
        var decidedAt = DateTimeOffset.UtcNow;
        if (!IsIdle(decidedAt) || SleepAfter is not { } after)
        {
            return false;
        }

        var instances = Running.Instances.ToList();
        var sleptBefore = State.SleptAt;
        State.Sleeping = true;
        Running.Parked = instances;
        Running.Instances = [];
        State.SleptAt = decidedAt;
        await app.SaveAsync();
        await app.PublishRouteAsync();

        if (await InterruptedWithinAsync(ActivityReporting.ConfirmWindowFor(after)) || _clock.HeardSince(decidedAt))
        {
            State.Sleeping = false;
            Running.Instances = instances;
            Running.Parked = [];
            State.SleptAt = sleptBefore;
            await app.SaveAsync();
            _clock.Restart(DateTimeOffset.UtcNow);
            await app.PublishRouteAsync();
            LogStayedAwake(logger, app.Name.Value);
            return false;
        }

        await app.NewRollout().ParkAsync(instances);
        LogSlept(logger, app.Name.Value, SleepDuration.Format(after), instances.Count);
        return true;
    }

    /// <summary>Waits out <paramref name="window"/>; true when a wake request called the sleep off meanwhile.</summary>
    private async Task<bool> InterruptedWithinAsync(TimeSpan window)
    {
        using var interrupt = new CancellationTokenSource();
        _goingToSleep = interrupt;
        try
        {
            await Task.Delay(window, interrupt.Token);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _goingToSleep = null;
        }

        return interrupt.IsCancellationRequested;
    }

    /// <summary>After a deploy to a sleeping app: its new instances passed their checks and stop again until a request wakes it.</summary>
    public async Task ParkNewInstancesAsync(Rollout rollout, BuildLog log, IReadOnlyList<InstanceInfo> serving)
    {
        log.Detail($"{app.Name} is asleep: its new instance(s) passed their checks and stop until a request wakes it");
        await rollout.ParkAsync(serving);
    }

    public SleepReport Report() => new(
        SleepAfter,
        State.SleepAfter is null,
        State.SleepPage,
        State.Sleeping,
        _wake.Running,
        SleepAfter is null ? null : _clock.IdleSince,
        State.Sleeping ? State.SleptAt : null,
        State.LastWake,
        State.Wakes);

    [LoggerMessage(Level = LogLevel.Information, Message = "{App} is idle for {SleepAfter}: {Count} instance(s) stopped until a request wakes it")]
    private static partial void LogSlept(ILogger logger, string app, string sleepAfter, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{App} had traffic while going to sleep: it stays awake")]
    private static partial void LogStayedAwake(ILogger logger, string app);

    [LoggerMessage(Level = LogLevel.Information, Message = "{App} wakes (wake {Wake})")]
    private static partial void LogWaking(ILogger logger, string app, int wake);

    [LoggerMessage(Level = LogLevel.Information, Message = "{App} is awake (wake {Wake}) after {Milliseconds:0} ms")]
    private static partial void LogWoke(ILogger logger, string app, int wake, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{App} did not wake: {Problem}")]
    private static partial void LogWakeFailed(ILogger logger, string app, string problem);
}
