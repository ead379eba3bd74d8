using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Commands on what runs: scale, stop, start, restart and rollback. Each is a transaction: a
/// new formation, config or current release is committed only once its instances serve.
/// </summary>
public sealed partial class AppGrain
{
    public Task<AppCommandResult> StopAsync() => WithDeployedAppAsync(async () =>
    {
        var stopped = _running.Instances.Concat(_running.Parked).ToList();
        State.Stopped = true;
        _running.Instances = [];
        _running.Parked = [];
        State.Sleeping = false;
        await state.WriteStateAsync();
        await PublishRouteAsync();
        // ps:stop ends when nothing of the app runs any more.
        await NewRollout(BuildLog.InMemory()).RetireAsync(stopped);
        return AppCommandResult.Ok(Snapshot());
    });

    public Task<AppCommandResult> StartAsync() => WithDeployedAppAsync(async () =>
    {
        if (State.Sleeping && !HasUnappliedConfig)
        {
            // ps:start of a sleeping app wakes it, as a request would.
            var wake = await _sleep.WakeNowAsync();
            return wake.Awake ? AppCommandResult.Ok(Snapshot()) : AppCommandResult.Failed($"start of {_name} failed: {wake.Problem}");
        }

        return !State.Stopped && !State.Sleeping && _running.Instances.Count == DesiredCount(State.Current!) && !HasUnappliedConfig
            ? AppCommandResult.Ok(Snapshot())
            : await RedeployWithCurrentConfigAsync("start", keepSameProgram: true);
    });

    public Task<AppCommandResult> RestartAsync() =>
        WithDeployedAppAsync(() => RedeployWithCurrentConfigAsync("restart", keepSameProgram: false));

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

        return await RunCommandAsync(async () =>
        {
            var wanted = new Dictionary<string, int>(State.Formation, StringComparer.Ordinal);
            foreach (var (process, count) in formation)
            {
                wanted[process] = count;
            }

            if (State.Current is not { } current || State.Stopped || State.Sleeping)
            {
                // Nothing runs: the formation is simply what the next start, wake or deploy uses.
                State.Formation = wanted;
                await state.WriteStateAsync();
                return AppCommandResult.Ok(Snapshot());
            }

            // A formation change is a release too (same build and config); running instances of
            // the same program are kept.
            var release = await AddReleaseLikeAsync(current, "Scale " + string.Join(" ", formation.Select(kv => $"{kv.Key}={kv.Value}")),
                State.Config, wanted);
            var log = BuildLog.InMemory();
            var result = await DeployAsync(release, wanted, log, runReleasePhase: false, keepSameProgram: true, retireBeforeReturning: true);
            return result.Succeeded ? AppCommandResult.Ok(Snapshot()) : AppCommandResult.Failed(Problems(log));
        });
    }

    public Task<AppCommandResult> RollbackAsync(int? version) => WithDeployedAppAsync(async () =>
    {
        var current = State.Current!;
        var target = version is { } wanted
            ? State.Releases.FirstOrDefault(r => r.Version == wanted)
            : State.Releases.Where(r => r.Version < current.Version && r.Status == ReleaseStatus.Deployed && !IsSameProgram(r.Version, current))
                .MaxBy(r => r.Version);
        if (target is null)
        {
            return AppCommandResult.Invalid("version", version is null
                ? $"{_name} has no earlier deployed release to roll back to"
                : $"{_name} has no release v{version}");
        }

        if (!await AnyNodeHasImageAsync(target.Image))
        {
            return AppCommandResult.Invalid("version",
                $"the image of v{target.Version} was removed (only the last {Settings.Releases.Keep} releases keep theirs)");
        }

        // Heroku's rollback: the old code with the old config, as a new release on top of the ledger.
        // The app's config becomes the target's only if the rollback deploys.
        var release = await AddReleaseLikeAsync(target, $"Rollback to v{target.Version}", target.Config, State.Formation);
        return await RedeployAsync(release, "rollback", runReleasePhase: false, keepSameProgram: false,
            commit: () => State.Config = new Dictionary<string, string>(target.Config, StringComparer.Ordinal));
    });

    /// <summary>Config stored with --no-restart (or while stopped) differs from what the current release runs with.</summary>
    private bool HasUnappliedConfig => State.Current is { } current && !SameEntries(current.Config, State.Config);

    /// <summary>
    /// Redeploys the current release, or — when config was stored since — a new release carrying
    /// it, which is a new release and so gets the release phase.
    /// </summary>
    private async Task<AppCommandResult> RedeployWithCurrentConfigAsync(string what, bool keepSameProgram)
    {
        if (!HasUnappliedConfig)
        {
            return await RedeployAsync(State.Current!, what, runReleasePhase: false, keepSameProgram);
        }

        var release = await AddReleaseLikeAsync(State.Current!, "Apply config changes", State.Config, State.Formation);
        return await RedeployAsync(release, what, runReleasePhase: true, keepSameProgram);
    }

    /// <summary>Deploys a release in place of the running instances (restart, start, config change, rollback).</summary>
    private async Task<AppCommandResult> RedeployAsync(ReleaseRecord release, string what, bool runReleasePhase, bool keepSameProgram, Action? commit = null)
    {
        var log = BuildLog.InMemory();
        var result = await DeployAsync(release, State.Formation, log, runReleasePhase, keepSameProgram, commit);
        return result.Succeeded
            ? AppCommandResult.Ok(Snapshot())
            : AppCommandResult.Failed($"{what} of {_name} failed: {Problems(log)}");
    }

    private async Task<bool> AnyNodeHasImageAsync(string image)
    {
        foreach (var node in nodes.Live())
        {
            try
            {
                if (await GrainFactory.GetGrain<OrleansPaas.Nodes.INodeGrain>(node).HasImageAsync(image))
                {
                    return true;
                }
            }
            catch (Exception)
            {
                // A node that cannot answer does not count.
            }
        }

        return false;
    }

    private int DesiredCount(ReleaseRecord release) => Deploy.Rollout.Slots(release, State.Formation).Count;

    /// <summary>Runs a lifecycle command that needs a deployed app, as one command.</summary>
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

        return await RunCommandAsync(command);
    }
}
