using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Nodes;
using OrleansPaas.Sleep;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Sleeping apps. Gateways report traffic in batches; an app idle for its <c>sleep-after</c> goes to
/// sleep (routes say so, then its containers stop but stay); the first request on any gateway asks
/// this grain to wake it, and the grain starts the instances once however many ask — it is the
/// activator, single-flight across the cluster because there is one activation per app.
/// </summary>
public sealed partial class AppGrain
{
    private DateTimeOffset _lastActivityAt = DateTimeOffset.UtcNow;
    private DateTimeOffset _awakeSince = DateTimeOffset.UtcNow;
    private IGrainTimer? _idleTimer;
    private Task<WakeResult>? _waking;
    private CancellationTokenSource? _goingToSleep;

    /// <summary>The idle time in force: the app's own, else the platform's default; null: never sleeps.</summary>
    private TimeSpan? SleepAfter => State.SleepAfter is { } own
        ? own > TimeSpan.Zero ? own : null
        : Settings.Sleep.IdleAfter is { } fallback && fallback > TimeSpan.Zero ? fallback : null;

    public async Task<AppCommandResult> SetSleepAsync(SleepSettings settings)
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        if (settings.SleepAfter is { Default: false, Value: { } value } && SleepDuration.OutOfRange(value) is { } problem)
        {
            return AppCommandResult.Invalid("sleep-after", problem);
        }

        return await RunCommandAsync(async () =>
        {
            if (settings.SleepAfter is { } change)
            {
                State.SleepAfter = change.Default ? null : change.Value ?? TimeSpan.Zero;
            }

            State.SleepPage = settings.SleepPage ?? State.SleepPage;
            await state.WriteStateAsync();
            // The idle clock starts now: a new setting never puts an app to sleep at once.
            _awakeSince = DateTimeOffset.UtcNow;
            ArmIdleTimer();
            await PublishRouteAsync();
            return AppCommandResult.Ok(Snapshot());
        });
    }

    public Task ReportActivityAsync(string gateway, long requests, int open)
    {
        if (requests > 0 || open > 0)
        {
            _lastActivityAt = DateTimeOffset.UtcNow;
        }

        return Task.CompletedTask;
    }

    public Task ReportWakeAsync(int wake, int heldRequests, TimeSpan firstResponseAfter) => RunCommandAsync(async () =>
    {
        if (State.LastWake is { } last && last.Number == wake)
        {
            State.LastWake = last with
            {
                HeldRequests = last.HeldRequests + heldRequests,
                FirstResponseAfter = last.FirstResponseAfter is { } earlier && earlier < firstResponseAfter ? earlier : firstResponseAfter,
            };
            await state.WriteStateAsync();
        }

        return true;
    });

    public async Task<WakeResult> WakeAsync()
    {
        if (!State.Exists)
        {
            return WakeResult.Failed($"app '{_name}' does not exist", 0, TimeSpan.FromSeconds(30));
        }

        // A request arrived while the app was on its way to sleep: it stays awake instead.
        _goingToSleep?.Cancel();
        if (!State.Sleeping && _waking is null)
        {
            return WakeResult.Up(State.Wakes);
        }

        return await (_waking ??= WakeOnceAsync());

        async Task<WakeResult> WakeOnceAsync()
        {
            try
            {
                return await RunCommandAsync(WakeCoreAsync);
            }
            finally
            {
                _waking = null;
            }
        }
    }

    /// <summary>Starts a sleeping app's instances (its parked containers where they still are), then routes to them.</summary>
    private async Task<WakeResult> WakeCoreAsync()
    {
        if (!State.Sleeping || State.Current is not { } release)
        {
            return State.Current is null
                ? WakeResult.Failed($"app '{_name}' has not been deployed yet", State.Wakes, TimeSpan.FromSeconds(30))
                : WakeResult.Up(State.Wakes);
        }

        var now = DateTimeOffset.UtcNow;
        var slots = Deploy.Rollout.Slots(release, State.Formation);
        if (slots.Select(slot => _running.Crashes.GetValueOrDefault(slot.ToString())).FirstOrDefault(crash => !Supervision.CrashBackoff.IsDue(crash, now)) is { } waiting)
        {
            // A release that crashed on its last wake is not started again on every request.
            var retry = Supervision.CrashBackoff.NextAttempt(waiting) - now;
            return WakeResult.Failed($"{waiting.Instance} crashed when the app last woke (exit code {waiting.LastExitCode}); next attempt in {Math.Ceiling(retry.TotalSeconds):0}s",
                State.Wakes, retry);
        }

        var number = State.Wakes + 1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        LogWaking(logger, _name.Value, number);
        var rollout = NewRollout(Build.BuildLog.InMemory());
        var live = nodes.Live();
        var resumed = await Task.WhenAll(slots.Select(async slot =>
        {
            var container = _running.Parked.FirstOrDefault(p => p.Process == slot.Process && p.Index == slot.Index
                && p.ReleaseVersion == release.Version && live.Contains(p.Node));
            return (Slot: slot, Parked: container, Result: container is null ? InstanceStartResult.Gone : await ResumeAsync(container, rollout.Request(release, slot)));
        }));

        // Slots whose parked container is gone (its node left, the engine lost it) get new ones.
        var gone = resumed.Where(r => r.Result.IsGone).Select(r => r.Slot).ToList();
        var placement = await rollout.PlaceAsync(gone, resumed.Where(r => r.Result.Instance is not null).Select(r => r.Result.Instance!).ToList(), live);
        var fresh = await Task.WhenAll(placement.Select(async p => (Slot: p.Key, Parked: (InstanceInfo?)null, Result: await rollout.StartOneAsync(release, p.Key, p.Value))));
        var results = resumed.Where(r => !r.Result.IsGone).Concat(fresh).ToList();
        var up = results.Where(r => r.Result.Instance is not null).Select(r => r.Result.Instance!).ToList();
        var failed = results.Where(r => r.Result.Problem is not null).ToList();
        var unplaced = gone.Where(slot => !placement.ContainsKey(slot)).ToList();
        // Parked containers no slot uses any more: another release's, or scaled away while asleep.
        var unused = _running.Parked.Where(p => results.All(r => r.Parked?.ContainerId != p.ContainerId)).ToList();
        await rollout.StopAsync(unused);

        if (failed.Count > 0 || unplaced.Count > 0)
        {
            var problem = failed.Count > 0
                ? $"{failed[0].Slot} did not come up: {failed[0].Result.Problem}"
                : $"no node could take {string.Join(", ", unplaced)}";
            foreach (var (slot, _, result) in failed)
            {
                _running.Crashes[slot.ToString()] = Supervision.CrashBackoff.Record(_running.Crashes.GetValueOrDefault(slot.ToString()), slot.ToString(),
                    ExitCodeIn(result.Problem!), result.Problem!.Split('\n'), now);
                metrics.Crashed(_name.Value);
            }

            metrics.WakeEnded(_name.Value, awake: false, clock.Elapsed);

            // What did come up sleeps again; a resumed container that failed stays, stopped, for the next try.
            await rollout.ParkAsync(up);
            _running.Parked = up.Concat(failed.Where(f => f.Parked is not null).Select(f => f.Parked!)).ToList();
            State.Wakes = number;
            State.LastWake = new WakeRecord(number, now, null, null, 0, problem);
            await state.WriteStateAsync();
            LogWakeFailed(logger, _name.Value, problem);
            var retryAfter = failed.Select(f => Supervision.CrashBackoff.NextAttempt(_running.Crashes[f.Slot.ToString()]) - DateTimeOffset.UtcNow)
                .DefaultIfEmpty(TimeSpan.Zero).Max();
            return WakeResult.Failed(problem, number, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
        }

        State.Sleeping = false;
        _running.Parked = [];
        _running.Instances = up.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        foreach (var instance in up)
        {
            MarkRecovered(instance.Name);
        }

        State.Wakes = number;
        State.LastWake = new WakeRecord(number, now, clock.Elapsed, null, 0, null);
        metrics.WakeEnded(_name.Value, awake: true, clock.Elapsed);
        await state.WriteStateAsync();
        _awakeSince = _lastActivityAt = DateTimeOffset.UtcNow;
        await PublishRouteAsync();
        LogWoke(logger, _name.Value, number, clock.Elapsed.TotalMilliseconds);
        return WakeResult.Up(number);
    }

    private async Task<InstanceStartResult> ResumeAsync(InstanceInfo parked, InstanceRequest request)
    {
        try
        {
            return await Node(parked.Node).ResumeInstanceAsync(parked, request);
        }
        catch (Exception ex)
        {
            // The node does not answer: start a new container elsewhere instead.
            LogNodeNotAnswering(logger, parked.Node, ex.GetBaseException().Message);
            return InstanceStartResult.Gone;
        }
    }

    /// <summary>"the container exited with code 3 before answering …": the code, for the crash record; -1 when the text has none.</summary>
    private static long ExitCodeIn(string problem)
    {
        const string marker = "exited with code ";
        var at = problem.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return -1;
        }

        var digits = new string(problem[(at + marker.Length)..].TakeWhile(c => char.IsAsciiDigit(c) || c == '-').ToArray());
        return long.TryParse(digits, out var code) ? code : -1;
    }

    /// <summary>Looks at the idle clock every quarter of the idle time (at most every 30 s), while the app may sleep.</summary>
    private void ArmIdleTimer()
    {
        _idleTimer?.Dispose();
        _idleTimer = null;
        if (SleepAfter is not { } after || !State.Exists)
        {
            return;
        }

        var period = TimeSpan.FromTicks(Math.Clamp(after.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(30).Ticks));
        _idleTimer = this.RegisterGrainTimer(_ => PutToSleepIfIdleAsync(), new GrainTimerCreationOptions(period, period) { Interleave = true, KeepAlive = true });
    }

    private bool IsIdle(DateTimeOffset now, out TimeSpan after)
    {
        after = SleepAfter ?? TimeSpan.Zero;
        return SleepAfter is not null && State.Current is not null && !State.Stopped && !State.Sleeping && _waking is null
            && BuildsInFlight == 0 && now - Max(_lastActivityAt, _awakeSince) >= after;
    }

    private async Task PutToSleepIfIdleAsync()
    {
        if (!IsIdle(DateTimeOffset.UtcNow, out _))
        {
            return;
        }

        await RunCommandAsync(async () =>
        {
            await GoToSleepAsync();
            return true;
        });
    }

    /// <summary>
    /// Routes first (gateways hold new requests from then on), then a short window for reports of
    /// traffic that was under way when the grain decided — any, or a request asking to wake, and the
    /// app stays awake — and only then do the containers stop, kept for the next wake.
    /// </summary>
    private async Task GoToSleepAsync()
    {
        var decidedAt = DateTimeOffset.UtcNow;
        if (!IsIdle(decidedAt, out var after))
        {
            return;
        }

        var instances = _running.Instances.ToList();
        var sleptBefore = State.SleptAt;
        State.Sleeping = true;
        _running.Parked = instances;
        _running.Instances = [];
        State.SleptAt = decidedAt;
        await state.WriteStateAsync();
        await PublishRouteAsync();

        using var interrupt = new CancellationTokenSource();
        _goingToSleep = interrupt;
        try
        {
            await Task.Delay(ActivityReporting.ConfirmWindowFor(after), interrupt.Token);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _goingToSleep = null;
        }

        if (interrupt.IsCancellationRequested || _lastActivityAt > decidedAt)
        {
            State.Sleeping = false;
            _running.Instances = instances;
            _running.Parked = [];
            State.SleptAt = sleptBefore;
            await state.WriteStateAsync();
            _awakeSince = DateTimeOffset.UtcNow;
            await PublishRouteAsync();
            LogStayedAwake(logger, _name.Value);
            return;
        }

        await NewRollout(Build.BuildLog.InMemory()).ParkAsync(instances);
        LogSlept(logger, _name.Value, SleepDuration.Format(after), instances.Count);
    }

    /// <summary>After a deploy to a sleeping app: its new instances passed their checks and stop again until a request wakes it.</summary>
    private async Task ParkNewInstancesAsync(Deploy.Rollout rollout, Build.BuildLog log, IReadOnlyList<InstanceInfo> serving)
    {
        log.Detail($"{_name} is asleep: its new instance(s) passed their checks and stop until a request wakes it");
        await rollout.ParkAsync(serving);
    }

    private SleepReport SleepSnapshot() => new(
        SleepAfter,
        State.SleepAfter is null,
        State.SleepPage,
        State.Sleeping,
        _waking is not null,
        SleepAfter is null ? null : Max(_lastActivityAt, _awakeSince),
        State.Sleeping ? State.SleptAt : null,
        State.LastWake,
        State.Wakes);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

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
