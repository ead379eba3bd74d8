using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.Resources;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// <c>resource:limit</c> and <c>resource:limit-clear</c>. A change to a running app restarts it onto
/// the new limits the way <c>ps:restart</c> does (new instances start and pass their checks, then the
/// routes move and the old ones drain): zero-downtime, and without a new release, because limits
/// are the app's setting, not part of its code or config (a rollback keeps them, as in Dokku and Heroku).
/// If the new instances do not come up (e.g. too little memory to start), the old limits stay.
/// </summary>
public sealed partial class AppGrain
{
    public Task<AppCommandResult> SetResourceLimitsAsync(ResourceLimits change) =>
        WithAppAsync(() => ResourceLimitCheck.Refusal(change), async () =>
            ResourceLimitCheck.Cores(change, await LargestNode.CoresAsync(GrainFactory, nodes.Live()))
            ?? await ApplyResourcesAsync((State.Resources ?? ResourceLimits.None).With(change)));

    public Task<AppCommandResult> ClearResourceLimitsAsync() => WithAppAsync(() => null, () => ApplyResourcesAsync(null));

    private async Task<AppCommandResult> ApplyResourcesAsync(ResourceLimits? wanted)
    {
        var unchanged = Settings.Deploy.ResourcesFor(wanted) == Settings.Deploy.ResourcesFor(State.Resources);
        if (unchanged || State.Current is not { } current || State.Stopped)
        {
            // Nothing runs, or it runs with these limits already: the next start or deploy uses them.
            return await StoreAsync(() => State.Resources = wanted);
        }

        return await _deployment.RedeployAsync(current, "resource limit change", runReleasePhase: false, keepSameProgram: false,
            commit: () => State.Resources = wanted, resources: wanted ?? ResourceLimits.None);
    }
}
