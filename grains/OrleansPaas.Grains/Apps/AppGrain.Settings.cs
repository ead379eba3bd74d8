using OrleansPaas.Apps;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Config vars and domains. A config change makes a new release and restarts the app with it (as
/// Heroku does); if that release does not come up, the config stays as it was.
/// </summary>
public sealed partial class AppGrain
{
    public Task<IReadOnlyDictionary<string, string>?> GetConfigAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>?>(State.Exists ? new Dictionary<string, string>(State.Config) : null);

    public Task<RunSpec?> GetRunSpecAsync() => Task.FromResult(State.Current is { } current
        ? new RunSpec(current.Image, current.Version, new Dictionary<string, string>(current.Config) { ["PORT"] = current.Port.ToString() },
            Settings.Deploy.ResourcesFor(State.Resources))
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
            return await RedeployAsync(release, "config change", runReleasePhase: true, keepSameProgram: false, commit: () => State.Config = config);
        });
    }

    public async Task<AppCommandResult> AddDomainAsync(string domain)
    {
        if ((Missing ?? DomainClaims.Refusal(domain)) is { } refused)
        {
            return refused;
        }

        var host = DomainName.Normalize(domain);
        if (host == VirtualHost || State.Domains.Contains(host))
        {
            return AppCommandResult.Ok(Snapshot());
        }

        return await Claims.ClaimAsync(host) ?? await ChangeDomainsAsync(() =>
        {
            // Checked again under the lock: two concurrent adds of one domain must not list it twice.
            if (!State.Domains.Contains(host))
            {
                State.Domains.Add(host);
            }
        });
    }

    public async Task<AppCommandResult> RemoveDomainAsync(string domain)
    {
        if (Missing is { } missing)
        {
            return missing;
        }

        var host = DomainName.Normalize(domain);
        if (!State.Domains.Contains(host))
        {
            return DomainClaims.NotListed(_name, host);
        }

        var result = await ChangeDomainsAsync(() => State.Domains.Remove(host));
        await Claims.ReleaseAsync(host);
        return result;
    }

    /// <summary>Changes the app's hosts as one command and publishes them if it is deployed; then tells the certificate grain.</summary>
    private async Task<AppCommandResult> ChangeDomainsAsync(Action change)
    {
        var result = await RunCommandAsync(async () =>
        {
            change();
            await state.WriteStateAsync();
            if (State.Current is not null)
            {
                await PublishRouteAsync();
            }

            return AppCommandResult.Ok(Snapshot());
        });
        if (result.Succeeded)
        {
            // With Let's Encrypt on, the certificate grain orders one naming the new set of hosts.
            await GrainFactory.GetGrain<OrleansPaas.Tls.IAppCertificateGrain>(_name.Value).HostsChangedAsync();
        }

        return result;
    }
}
