using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Build.Buildpacks;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Instances and routes: deploy a release (release phase, then every process type at its
/// formation), scale, stop/start/restart, and bring the app back after a node restart.
/// Only <c>web</c> instances get a port and a route.
/// </summary>
public sealed partial class AppGrain
{
    public const string WebProcess = "web";

    public Task<AppCommandResult> StopAsync() => WithDeployedAppAsync(async () =>
    {
        State.Stopped = true;
        await SaveAsync();
        await PublishRouteAsync([]);
        await RetireAllExceptAsync([]);
        return AppCommandResult.Ok(Snapshot());
    });

    public Task<AppCommandResult> StartAsync() => WithDeployedAppAsync(async () =>
        !State.Stopped && State.Instances.Count == DesiredCount(State.Current!) && !HasUnappliedConfig
            ? AppCommandResult.Ok(Snapshot())
            : await RedeployWithCurrentConfigAsync("start"));

    public Task<AppCommandResult> RestartAsync() => WithDeployedAppAsync(() => RedeployWithCurrentConfigAsync("restart"));

    /// <summary>Config stored with --no-restart (or while stopped) differs from what the current release runs with.</summary>
    private bool HasUnappliedConfig => State.Current is { } current && !SameEntries(current.Config, State.Config);

    /// <summary>
    /// Redeploys the current release, or — when config was stored since — a new release carrying
    /// it, which is a new release and so gets the release phase.
    /// </summary>
    private async Task<AppCommandResult> RedeployWithCurrentConfigAsync(string what)
    {
        if (!HasUnappliedConfig)
        {
            return await RedeployAsync(State.Current!, what, runReleasePhase: false);
        }

        var release = await AddReleaseLikeAsync(State.Current!, "Apply config changes");
        return await RedeployAsync(release, what, runReleasePhase: true);
    }

    public async Task<AppCommandResult> ScaleAsync(IReadOnlyDictionary<string, int> formation)
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        var known = State.Current?.ScalableTypes.ToList() ?? [WebProcess];
        foreach (var (process, count) in formation)
        {
            if (!known.Contains(process))
            {
                return AppCommandResult.Invalid(process,
                    $"unknown process type '{process}'; {_name} has: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
            }

            if (count is < 0 or > 100)
            {
                return AppCommandResult.Invalid(process, $"scale for '{process}' must be between 0 and 100, not {count}");
            }
        }

        await _lifecycle.WaitAsync();
        try
        {
            foreach (var (process, count) in formation)
            {
                State.Formation[process] = count;
            }

            await SaveAsync();
            if (State.Current is null || State.Stopped)
            {
                return AppCommandResult.Ok(Snapshot());
            }

            // A formation change is a release too (same build and config); running instances of
            // the previous release are the same program, so they are kept.
            var release = await AddReleaseLikeAsync(State.Current, "Scale " + string.Join(" ", formation.Select(kv => $"{kv.Key}={kv.Value}")));
            var log = new BuildLog(0, filePath: null);
            var serving = await ScaleInstancesAsync(release, log);
            await MarkReleaseAsync(release.Version, serving is null ? ReleaseStatus.Failed : ReleaseStatus.Deployed);
            if (serving is not null)
            {
                State.CurrentVersion = release.Version;
                await SaveAsync();
            }

            return serving is null ? AppCommandResult.Failed(Problems(log)) : AppCommandResult.Ok(Snapshot());
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task EnsureRunningAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            // Read under the lock: a deploy that ran meanwhile decides what "current" is.
            if (State.Current is not { } release)
            {
                return;
            }

            if (State.Stopped)
            {
                await PublishRouteAsync([]);
                await RetireAllExceptAsync([]);
                return;
            }

            // Re-adopt instances of the current release that kept running (and, for web, answer).
            var adopted = new List<InstanceInfo>();
            foreach (var instance in await runtime.ListAsync(_name, CancellationToken.None))
            {
                if (IsSameProgram(instance.ReleaseVersion, release) && instance.Index <= Count(instance.Process)
                    && !adopted.Any(a => a.Name == instance.Name) && await IsHealthyAsync(instance))
                {
                    adopted.Add(instance);
                }
            }

            State.Instances = adopted;
            var log = new BuildLog(0, filePath: null);
            var serving = await ScaleInstancesAsync(release, log);
            if (serving is null)
            {
                LogRestoreFailed(logger, _name.Value, release.Version, Problems(log));
                return;
            }

            await RetireAllExceptAsync(serving);
            LogRestored(logger, _name.Value, release.Version, serving.Count);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Runs the release phase (if asked and declared), starts every process type's instances of a
    /// release, waits until each is up, then switches the routes to the new web instances. Returns
    /// the new instances (the caller retires the old ones), or null when anything failed — the new
    /// ones are then removed and the old ones keep serving.
    /// </summary>
    private async Task<IReadOnlyList<InstanceInfo>?> DeployReleaseAsync(ReleaseRecord release, BuildLog log, bool runReleasePhase)
    {
        if (runReleasePhase && !await RunReleasePhaseAsync(release, log))
        {
            await MarkReleaseAsync(release.Version, ReleaseStatus.Failed);
            return null;
        }

        var started = new List<InstanceInfo>();
        try
        {
            foreach (var process in release.ScalableTypes)
            {
                for (var index = 1; index <= Count(process); index++)
                {
                    var instance = await StartInstanceAsync(release, process, index, log)
                        ?? throw new DeployAbortedException();
                    started.Add(instance);
                }
            }
        }
        catch (Exception ex)
        {
            if (ex is not DeployAbortedException)
            {
                log.Error($"Deploy failed: {ex.Message}");
            }

            // Nothing half-started stays behind; the old instances keep serving.
            foreach (var orphan in started)
            {
                await runtime.StopAndRemoveAsync(orphan.ContainerId, CancellationToken.None);
            }

            await MarkReleaseAsync(release.Version, ReleaseStatus.Failed);
            return null;
        }

        log.Detail(started.Any(i => i.Process == WebProcess) ? "Switching routes to the new instance(s)" : "No web instance: nothing is routed");
        foreach (var old in State.Instances)
        {
            log.Detail($"Retiring v{old.ReleaseVersion} instance {old.Name} ({Short(old.ContainerId)})");
        }

        State.Stopped = false;
        await PublishRouteAsync(started);
        State.Instances = started;
        State.CurrentVersion = release.Version;
        await MarkReleaseAsync(release.Version, ReleaseStatus.Deployed);
        return started;
    }

    /// <summary>Heroku's release phase: the <c>release</c> process runs to completion first; a non-zero exit aborts the deploy.</summary>
    private async Task<bool> RunReleasePhaseAsync(ReleaseRecord release, BuildLog log)
    {
        if (!release.ProcessTypes.ContainsKey(ReleaseRecord.ReleasePhase))
        {
            return true;
        }

        log.Step($"Running release command: {release.ProcessTypes[ReleaseRecord.ReleasePhase]}");
        var pending = "";
        var exit = await runtime.RunToCompletionAsync(Spec(release, ReleaseRecord.ReleasePhase, 0), (_, text) =>
        {
            var lines = (pending + text).Split('\n');
            foreach (var line in lines[..^1])
            {
                log.Detail(line.TrimEnd('\r'));
            }

            pending = lines[^1];
            return Task.CompletedTask;
        }, CancellationToken.None);
        if (pending.Length > 0)
        {
            log.Detail(pending);
        }

        if (exit == 0)
        {
            return true;
        }

        log.Error($"Release command failed (exit code {exit}); the deploy was aborted");
        return false;
    }

    /// <summary>Brings each process type's running instances of a release to its formation count, keeping those that run.</summary>
    private async Task<IReadOnlyList<InstanceInfo>?> ScaleInstancesAsync(ReleaseRecord release, BuildLog log)
    {
        var keep = State.Instances.Where(i => IsSameProgram(i.ReleaseVersion, release) && i.Index <= Count(i.Process)).ToList();
        var added = new List<InstanceInfo>();
        try
        {
            foreach (var process in release.ScalableTypes)
            {
                for (var index = 1; index <= Count(process); index++)
                {
                    if (!keep.Any(i => i.Process == process && i.Index == index))
                    {
                        added.Add(await StartInstanceAsync(release, process, index, log) ?? throw new DeployAbortedException());
                    }
                }
            }
        }
        catch (Exception ex)
        {
            if (ex is not DeployAbortedException)
            {
                log.Error($"Scaling failed: {ex.Message}");
            }

            foreach (var orphan in added)
            {
                await runtime.StopAndRemoveAsync(orphan.ContainerId, CancellationToken.None);
            }

            return null;
        }

        keep.AddRange(added);

        keep.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        State.Stopped = false;
        await PublishRouteAsync(keep);
        var surplus = State.Instances.Except(keep).ToList();
        State.Instances = keep;
        await SaveAsync();
        foreach (var instance in surplus)
        {
            await runtime.StopAndRemoveAsync(instance.ContainerId, CancellationToken.None);
        }

        return keep;
    }

    /// <summary>Starts one instance and waits until it is up (web: answers HTTP); null (with the reason logged) if not.</summary>
    private async Task<InstanceInfo?> StartInstanceAsync(ReleaseRecord release, string process, int index, BuildLog log)
    {
        var ct = CancellationToken.None;
        var instance = await runtime.StartAsync(Spec(release, process, index), ct);
        log.Detail(process == WebProcess
            ? $"Started {instance.Name} ({Short(instance.ContainerId)}); waiting for it to answer on port {release.Port}"
            : $"Started {instance.Name} ({Short(instance.ContainerId)})");
        var readiness = process == WebProcess
            ? await runtime.WaitReadyAsync(instance, VirtualHost, Settings.Deploy.ReadinessTimeout, release.Checks, ct)
            : await runtime.CheckRunningAsync(instance, ct);
        if (readiness.Ready)
        {
            log.Detail(process == WebProcess ? $"{instance.Name} answers" : $"{instance.Name} is running");
            return instance;
        }

        log.Error($"Deploy failed: {readiness.Problem}");
        await runtime.StopAndRemoveAsync(instance.ContainerId, ct);
        return null;
    }

    private ContainerSpec Spec(ReleaseRecord release, string process, int index)
    {
        var environment = new Dictionary<string, string>(release.Config) { ["PORT"] = release.Port.ToString() };
        var command = release.ProcessTypes.GetValueOrDefault(process, "");
        IReadOnlyList<string>? argv = release.Kind == ReleaseKind.Slug
            ? [SlugImage.Launcher, command]
            : command.Length == 0 ? null : ["sh", "-c", command];
        return new ContainerSpec(_name, process, release.Version, release.Image, release.Port, environment, index, argv);
    }

    /// <summary>Deploys a release in place of the running instances (restart, start, config change).</summary>
    private async Task<AppCommandResult> RedeployAsync(ReleaseRecord release, string what, bool runReleasePhase)
    {
        var log = new BuildLog(0, filePath: null);
        var previous = State.Instances.ToList();
        var serving = await DeployReleaseAsync(release, log, runReleasePhase);
        if (serving is null)
        {
            return AppCommandResult.Failed($"{what} of {_name} failed: {Problems(log)}");
        }

        // The command is done once the new instances serve; draining and stopping the old ones
        // (named one by one, so a later deploy's instances are never touched) goes on after.
        _ = RetireInBackgroundAsync(previous.Where(p => serving.All(s => s.ContainerId != p.ContainerId)).ToList());
        return AppCommandResult.Ok(Snapshot());
    }

    private async Task RetireInBackgroundAsync(IReadOnlyList<InstanceInfo> retired)
    {
        try
        {
            if (retired.Any(i => i.Process == WebProcess) && Settings.Deploy.DrainTime > TimeSpan.Zero)
            {
                await Task.Delay(Settings.Deploy.DrainTime);
            }

            await Task.WhenAll(retired.Select(i => runtime.StopAndRemoveAsync(i.ContainerId, CancellationToken.None)));

            // Pruning must not race a build that is between tagging its image and releasing it.
            await _lifecycle.WaitAsync();
            try
            {
                await PruneImagesAsync();
            }
            finally
            {
                _lifecycle.Release();
            }
        }
        catch (Exception ex)
        {
            LogRetireFailed(logger, ex, _name.Value);
        }
    }

    private async Task PublishRouteAsync(IReadOnlyList<InstanceInfo> instances)
    {
        var table = GrainFactory.GetGrain<IRouteTableGrain>(0);
        var hosts = State.Domains.Prepend(VirtualHost).ToList();
        var web = instances.Where(i => i.Process == WebProcess).Select(i => i.Endpoint).ToList();
        var version = await table.PublishAsync(new RouteEntry(_name.Value, hosts, web, State.Stopped));
        // Old instances may stop only once every gateway routes to the new ones.
        if (!await table.WaitUntilAppliedAsync(version, TimeSpan.FromSeconds(10)))
        {
            LogGatewaysLagging(logger, _name.Value, version);
        }
    }

    /// <summary>
    /// Stops every instance of the app but <paramref name="keep"/>. They leave the state first (so
    /// their exit is not taken for a crash); web instances get the drain time to finish in-flight
    /// requests, since the gateways stopped sending new ones when the routes switched.
    /// </summary>
    private async Task RetireAllExceptAsync(IReadOnlyList<InstanceInfo> keep)
    {
        var keepIds = keep.Select(i => i.ContainerId).ToHashSet(StringComparer.Ordinal);
        State.Instances = keep.ToList();
        await SaveAsync();
        var stale = (await runtime.ListAsync(_name, CancellationToken.None)).Where(i => !keepIds.Contains(i.ContainerId)).ToList();
        if (stale.Any(i => i.Process == WebProcess && i.Port != 0) && Settings.Deploy.DrainTime > TimeSpan.Zero)
        {
            await Task.Delay(Settings.Deploy.DrainTime);
        }

        await Task.WhenAll(stale.Select(i => runtime.StopAndRemoveAsync(i.ContainerId, CancellationToken.None)));
    }

    /// <summary>Instances of <paramref name="version"/> run the same program as <paramref name="release"/> (same build and config), e.g. across a scale.</summary>
    private bool IsSameProgram(int version, ReleaseRecord release)
    {
        if (version == release.Version)
        {
            return true;
        }

        var other = State.Releases.FirstOrDefault(r => r.Version == version);
        return other is not null && other.Image == release.Image && other.Kind == release.Kind
            && SameEntries(other.ProcessTypes, release.ProcessTypes) && SameEntries(other.Config, release.Config);
    }

    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && value == kv.Value);

    private async Task MarkReleaseAsync(int version, ReleaseStatus status)
    {
        var index = State.Releases.FindIndex(r => r.Version == version);
        State.Releases[index] = State.Releases[index] with { Status = status };
        await SaveAsync();
    }

    private async Task<bool> IsHealthyAsync(InstanceInfo instance) => instance.Process == WebProcess
        ? instance.Port != 0 && (await runtime.WaitReadyAsync(instance, VirtualHost, Settings.Deploy.ReadinessTimeout, [], CancellationToken.None)).Ready
        : (await runtime.CheckRunningAsync(instance, CancellationToken.None)).Ready;

    /// <summary>The formation's count for a process type: web defaults to 1, every other type to 0.</summary>
    private int Count(string process) =>
        State.Formation.TryGetValue(process, out var count) ? count : process == WebProcess ? 1 : 0;

    private int DesiredCount(ReleaseRecord release) => release.ScalableTypes.Sum(Count);

    private static string Problems(BuildLog log) =>
        string.Join(" ", log.Lines().Where(l => l.StartsWith(" !", StringComparison.Ordinal)).Select(l => l.TrimStart(' ', '!'))).Trim();

    /// <summary>Runs a lifecycle command that needs a deployed app, under the lifecycle lock.</summary>
    private async Task<AppCommandResult> WithDeployedAppAsync(Func<Task<AppCommandResult>> command)
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        if (State.Current is null)
        {
            return AppCommandResult.Failed($"app '{_name}' has not been deployed yet; push to it first");
        }

        await _lifecycle.WaitAsync();
        try
        {
            return await command();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>A start already logged why it failed; unwinds the started instances.</summary>
    private sealed class DeployAbortedException : Exception;

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {App} v{Version} with {Instances} instance(s)")]
    private static partial void LogRestored(ILogger logger, string app, int version, int instances);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not every gateway applied routes version {Version} of {App} within 10s; retiring old instances anyway")]
    private static partial void LogGatewaysLagging(ILogger logger, string app, long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not restore {App} v{Version}: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string app, int version, string reason);
}
