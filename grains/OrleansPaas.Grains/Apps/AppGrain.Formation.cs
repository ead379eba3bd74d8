using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Releases;

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

        var running = !State.Stopped && !State.Sleeping && !HasUnappliedConfig
            && _running.Instances.Count == Rollout.Slots(State.Current!, State.Formation).Count;
        return running ? AppCommandResult.Ok(Snapshot()) : await RedeployWithCurrentConfigAsync("start", keepSameProgram: true);
    });

    public Task<AppCommandResult> RestartAsync() =>
        WithDeployedAppAsync(() => RedeployWithCurrentConfigAsync("restart", keepSameProgram: false));

    public Task<AppCommandResult> ReplaceInstancesAsync() => WithAppAsync(() => null, async () =>
        State.Current is not { } current || State.Stopped || State.Sleeping
            ? AppCommandResult.Ok(Snapshot())
            : await _deployment.RedeployAsync(current, "re-placement", runReleasePhase: false, keepSameProgram: false));

    public Task<AppCommandResult> ScaleAsync(IReadOnlyDictionary<string, int> formation)
    {
        var change = new FormationChange(formation);
        return WithAppAsync(() => change.Refusal(_name, State.Current) ?? PortedScaleRefusal(change.AppliedTo(State.Formation)), async () =>
        {
            var wanted = change.AppliedTo(State.Formation);
            if (State.Current is not { } current || State.Stopped || State.Sleeping)
            {
                // Nothing runs: the formation is simply what the next start, wake or deploy uses.
                return await StoreAsync(() => State.Formation = wanted);
            }

            // A formation change is a release too (same build and config); running instances of the same program are kept.
            var release = await AddReleaseLikeAsync(current, change.Description, State.Config, wanted);
            var log = BuildLog.InMemory();
            var result = await DeployAsync(release, wanted, log, runReleasePhase: false, keepSameProgram: true, retireBeforeReturning: true);
            return result.Succeeded ? AppCommandResult.Ok(Snapshot()) : AppCommandResult.Failed(AppDeployment.Problems(log));
        });
    }

    public Task<AppCommandResult> RollbackAsync(int? version) => WithDeployedAppAsync(async () =>
    {
        if (RollbackTarget.Choose(State.Releases, State.Current!, version) is not { } target)
        {
            return RollbackTarget.NotFound(_name, version);
        }

        if (!await NewRollout(BuildLog.InMemory()).Images.AnyNodeHoldsAsync(target.Image))
        {
            return RollbackTarget.ImageRemoved(target, Settings.Releases.Keep);
        }

        // Heroku's rollback: the old code with the old config, as a new release on top of the ledger.
        // The app's config becomes the target's only if the rollback deploys.
        var release = await AddReleaseLikeAsync(target, $"Rollback to v{target.Version}", target.Config, State.Formation);
        return await _deployment.RedeployAsync(release, "rollback", runReleasePhase: false, keepSameProgram: false,
            commit: () => State.Config = new Dictionary<string, string>(target.Config, StringComparer.Ordinal));
    });

    /// <summary>Config stored with --no-restart (or while stopped) differs from what the current release runs with.</summary>
    private bool HasUnappliedConfig => State.Current is { } current && !ReleaseLedger.SameEntries(current.Config, State.Config);

    /// <summary>Redeploys the current release, or a new release carrying config stored since (a new release gets the release phase).</summary>
    private async Task<AppCommandResult> RedeployWithCurrentConfigAsync(string what, bool keepSameProgram) => HasUnappliedConfig
        ? await _deployment.RedeployAsync(await AddReleaseLikeAsync(State.Current!, "Apply config changes", State.Config, State.Formation), what,
            runReleasePhase: true, keepSameProgram)
        : await _deployment.RedeployAsync(State.Current!, what, runReleasePhase: false, keepSameProgram);
}
