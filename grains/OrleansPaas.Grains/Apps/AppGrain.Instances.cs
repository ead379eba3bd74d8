using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Apps;

/// <summary>Instances and routes: deploy a release, scale, stop/start/restart, bring back after a node restart.</summary>
public sealed partial class AppGrain
{
    public const string WebProcess = "web";

    public Task<AppCommandResult> StopAsync() => WithDeployedAppAsync(async () =>
    {
        State.Stopped = true;
        await state.WriteStateAsync();
        await PublishRouteAsync([]);
        await RetireAllExceptAsync([]);
        return AppCommandResult.Ok(Snapshot());
    });

    public Task<AppCommandResult> StartAsync() => WithDeployedAppAsync(async () =>
    {
        if (!State.Stopped && State.Instances.Count == State.WebCount)
        {
            return AppCommandResult.Ok(Snapshot());
        }

        return await RedeployAsync(State.Current!, "start");
    });

    public Task<AppCommandResult> RestartAsync() => WithDeployedAppAsync(() => RedeployAsync(State.Current!, "restart"));

    public async Task<AppCommandResult> ScaleAsync(IReadOnlyDictionary<string, int> formation)
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        foreach (var (process, count) in formation)
        {
            if (!KnownProcessTypes.Contains(process))
            {
                return AppCommandResult.Invalid(process,
                    $"unknown process type '{process}'; {_name} has: {string.Join(", ", KnownProcessTypes)}");
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

            await state.WriteStateAsync();
            if (State.Current is null || State.Stopped)
            {
                return AppCommandResult.Ok(Snapshot());
            }

            var log = new BuildLog(0, filePath: null);
            var serving = await ScaleInstancesAsync(State.Current, log);
            return serving is null
                ? AppCommandResult.Failed(string.Join(" ", log.Lines()).Trim())
                : AppCommandResult.Ok(Snapshot());
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task EnsureRunningAsync()
    {
        if (State.Current is not { } release)
        {
            return;
        }

        await _lifecycle.WaitAsync();
        try
        {
            if (State.Stopped)
            {
                await PublishRouteAsync([]);
                await RetireAllExceptAsync([]);
                return;
            }

            // Re-adopt instances of the current release that kept running, and answer.
            var adopted = new List<InstanceInfo>();
            foreach (var instance in await runtime.ListAsync(_name, CancellationToken.None))
            {
                if (instance.ReleaseVersion == release.Version && instance.Process == WebProcess && instance.Port != 0
                    && instance.Index <= State.WebCount && adopted.All(a => a.Index != instance.Index)
                    && (await runtime.WaitReadyAsync(instance, VirtualHost, Settings.Deploy.ReadinessTimeout, CancellationToken.None)).Ready)
                {
                    adopted.Add(instance);
                }
            }

            State.Instances = adopted;
            var log = new BuildLog(0, filePath: null);
            var serving = await ScaleInstancesAsync(release, log);
            if (serving is null)
            {
                LogRestoreFailed(logger, _name.Value, release.Version, string.Join(" | ", log.Lines()));
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
    /// Starts the formation's web instances of a release, waits until each answers, then switches
    /// the routes to them. Returns the new instances (the caller retires the old ones), or null
    /// when one failed — the new ones are then removed and the old ones keep serving.
    /// </summary>
    private async Task<IReadOnlyList<InstanceInfo>?> DeployReleaseAsync(ReleaseRecord release, BuildLog log)
    {
        var started = new List<InstanceInfo>();
        for (var index = 1; index <= State.WebCount; index++)
        {
            var instance = await StartInstanceAsync(release, index, log);
            if (instance is null)
            {
                foreach (var orphan in started)
                {
                    await runtime.StopAndRemoveAsync(orphan.ContainerId, CancellationToken.None);
                }

                await MarkReleaseAsync(release.Version, ReleaseStatus.Failed);
                return null;
            }

            started.Add(instance);
        }

        log.Detail(started.Count == 0 ? "web is scaled to 0: no instance serves" : "Switching routes to the new instance(s)");
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

    /// <summary>Brings the running web instances of a release to the formation's count, keeping those that run.</summary>
    private async Task<IReadOnlyList<InstanceInfo>?> ScaleInstancesAsync(ReleaseRecord release, BuildLog log)
    {
        var keep = State.Instances.Where(i => i.Index <= State.WebCount).ToList();
        for (var index = 1; index <= State.WebCount; index++)
        {
            if (keep.Any(i => i.Index == index))
            {
                continue;
            }

            var instance = await StartInstanceAsync(release, index, log);
            if (instance is null)
            {
                return null;
            }

            keep.Add(instance);
        }

        keep.Sort((a, b) => a.Index.CompareTo(b.Index));
        State.Stopped = false;
        await PublishRouteAsync(keep);
        var surplus = State.Instances.Except(keep).ToList();
        State.Instances = keep;
        await state.WriteStateAsync();
        foreach (var instance in surplus)
        {
            await runtime.StopAndRemoveAsync(instance.ContainerId, CancellationToken.None);
        }

        return keep;
    }

    /// <summary>Starts one web instance of a release and waits until it answers; null (with the reason logged) if it does not.</summary>
    private async Task<InstanceInfo?> StartInstanceAsync(ReleaseRecord release, int index, BuildLog log)
    {
        var ct = CancellationToken.None;
        var environment = new Dictionary<string, string>(release.Config) { ["PORT"] = release.Port.ToString() };
        var spec = new ContainerSpec(_name, WebProcess, release.Version, release.Image, release.Port, environment, index);
        var instance = await runtime.StartAsync(spec, ct);
        log.Detail($"Started {instance.Name} ({Short(instance.ContainerId)}); waiting for it to answer on port {release.Port}");
        var readiness = await runtime.WaitReadyAsync(instance, VirtualHost, Settings.Deploy.ReadinessTimeout, ct);
        if (readiness.Ready)
        {
            log.Detail($"{instance.Name} answers");
            return instance;
        }

        log.Error($"Deploy failed: {readiness.Problem}");
        await runtime.StopAndRemoveAsync(instance.ContainerId, ct);
        return null;
    }

    /// <summary>Deploys a release in place of the running instances (restart, start, config change).</summary>
    private async Task<AppCommandResult> RedeployAsync(ReleaseRecord release, string what)
    {
        var log = new BuildLog(0, filePath: null);
        var serving = await DeployReleaseAsync(release, log);
        if (serving is null)
        {
            return AppCommandResult.Failed($"{what} of {_name} failed: " + string.Join(" ", log.Lines().Where(l => l.StartsWith(" !", StringComparison.Ordinal))).Trim());
        }

        await RetireAllExceptAsync(serving);
        return AppCommandResult.Ok(Snapshot());
    }

    private async Task PublishRouteAsync(IReadOnlyList<InstanceInfo> instances)
    {
        var table = GrainFactory.GetGrain<IRouteTableGrain>(0);
        var hosts = State.Domains.Prepend(VirtualHost).ToList();
        var version = await table.PublishAsync(new RouteEntry(_name.Value, hosts, instances.Select(i => i.Endpoint).ToList(), State.Stopped));
        // Old instances may stop only once every gateway routes to the new ones.
        await table.WaitUntilAppliedAsync(version, TimeSpan.FromSeconds(10));
    }

    private async Task RetireAllExceptAsync(IReadOnlyList<InstanceInfo> keep)
    {
        var keepIds = keep.Select(i => i.ContainerId).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in await runtime.ListAsync(_name, CancellationToken.None))
        {
            if (!keepIds.Contains(stale.ContainerId))
            {
                await runtime.StopAndRemoveAsync(stale.ContainerId, CancellationToken.None);
            }
        }

        State.Instances = keep.ToList();
        await state.WriteStateAsync();
    }

    private async Task MarkReleaseAsync(int version, ReleaseStatus status)
    {
        var index = State.Releases.FindIndex(r => r.Version == version);
        State.Releases[index] = State.Releases[index] with { Status = status };
        await state.WriteStateAsync();
    }

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

    // Dockerfile apps run one process type; Procfile types join this list with buildpacks.
    private static IReadOnlyList<string> KnownProcessTypes => [WebProcess];

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {App} v{Version} with {Instances} instance(s)")]
    private static partial void LogRestored(ILogger logger, string app, int version, int instances);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not restore {App} v{Version}: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string app, int version, string reason);
}
