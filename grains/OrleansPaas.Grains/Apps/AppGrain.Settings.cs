using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Config vars and domains (<see cref="AppDomains"/>). A config change makes a new release and restarts
/// the app with it (as Heroku does); if that release does not come up, the config stays as it was.
/// </summary>
public sealed partial class AppGrain
{
    private AppDomains _domains = null!;

    public Task<IReadOnlyDictionary<string, string>?> GetConfigAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>?>(State.Exists ? new Dictionary<string, string>(State.Config) : null);

    public Task<RunSpec?> GetRunSpecAsync() => Task.FromResult(State.Current is { } current
        ? new RunSpec(current.Image, current.Version, new Dictionary<string, string>(current.Config) { ["PORT"] = current.Port.ToString() },
            Settings.Deploy.ResourcesFor(State.Resources), Attachments.WithoutPorts())
        : null);

    public Task<InstanceRequest?> GetJobRequestAsync(string process, string command) => Task.FromResult(State.Current is { } current
        ? Rollout.Request(_name, VirtualHost, current, new InstanceSlot(process, 0), command, Settings.Deploy, Settings.Deploy.ResourcesFor(State.Resources),
            Attachments.WithoutPorts())
        : null);

    public Task<AppCommandResult> UpdateConfigAsync(ConfigChange change)
    {
        var edit = new ConfigEdit(change);
        return WithAppAsync(edit.Refusal, async () =>
        {
            var config = edit.AppliedTo(State.Config);
            if (!change.Restart || State.Current is not { } current || State.Stopped)
            {
                // Stored only: the next deploy, start or restart applies it.
                return await StoreAsync(() => State.Config = config);
            }

            // The new config is the app's only if the release carrying it deploys.
            var release = await AddReleaseLikeAsync(current, edit.Description, config, State.Formation);
            return await _deployment.RedeployAsync(release, "config change", runReleasePhase: true, keepSameProgram: false, commit: () => State.Config = config);
        });
    }

    public async Task<AppCommandResult> AddDomainAsync(string domain) => Missing ?? await _domains.AddAsync(domain);

    public async Task<AppCommandResult> RemoveDomainAsync(string domain) => Missing ?? await _domains.RemoveAsync(domain);
}
