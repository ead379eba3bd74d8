using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Config vars and domains. A config change makes a new release and restarts the app with it (as
/// Heroku does); if that release does not come up, the config stays as it was.
/// </summary>
public sealed partial class AppGrain
{
    public Task<IReadOnlyDictionary<string, string>?> GetConfigAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>?>(State.Exists ? new Dictionary<string, string>(State.Config) : null);

    public async Task<AppCommandResult> UpdateConfigAsync(ConfigChange change)
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        foreach (var key in change.Set.Keys.Concat(change.Unset))
        {
            if (EnvironmentKey.Validate(key) is { } error)
            {
                return AppCommandResult.Invalid(key, error);
            }
        }

        if (change.Set.ContainsKey("PORT"))
        {
            return AppCommandResult.Invalid("PORT", "PORT is set by the platform; use EXPOSE in the Dockerfile to choose it");
        }

        return await RunCommandAsync(async () =>
        {
            var config = new Dictionary<string, string>(State.Config, StringComparer.Ordinal);
            foreach (var (key, value) in change.Set)
            {
                config[key] = value;
            }

            foreach (var key in change.Unset)
            {
                config.Remove(key);
            }

            if (!change.Restart || State.Current is not { } current || State.Stopped)
            {
                // Stored only: the next deploy, start or restart applies it.
                State.Config = config;
                await state.WriteStateAsync();
                return AppCommandResult.Ok(Snapshot());
            }

            // The new config is the app's only if the release carrying it deploys.
            var release = await AddReleaseLikeAsync(current, Describe(change), config, State.Formation);
            return await RedeployAsync(release, "config change", runReleasePhase: true, keepSameProgram: false,
                commit: () => State.Config = config);
        });
    }

    public async Task<AppCommandResult> AddDomainAsync(string domain)
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        if (DomainName.Validate(domain) is { } error)
        {
            return AppCommandResult.Invalid("domain", error);
        }

        var host = DomainName.Normalize(domain);
        if (host == VirtualHost || State.Domains.Contains(host))
        {
            return AppCommandResult.Ok(Snapshot());
        }

        var owner = await Domain(host).ClaimAsync(_name.Value);
        if (owner != _name.Value)
        {
            return AppCommandResult.Conflict($"domain '{host}' belongs to app '{owner}'");
        }

        return await ChangeDomainsAsync(() =>
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
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        var host = DomainName.Normalize(domain);
        if (!State.Domains.Contains(host))
        {
            return new AppCommandResult(AppCommandStatus.NotFound, $"app '{_name}' has no domain '{host}'", "domain", null);
        }

        var result = await ChangeDomainsAsync(() => State.Domains.Remove(host));
        await Domain(host).ReleaseAsync(_name.Value);
        return result;
    }

    public Task<RunSpec?> GetRunSpecAsync() => Task.FromResult(State.Current is { } current
        ? new RunSpec(current.Image, current.Version, new Dictionary<string, string>(current.Config) { ["PORT"] = current.Port.ToString() })
        : null);

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
            await Certificates.HostsChangedAsync();
        }

        return result;
    }

    private static string Describe(ConfigChange change)
    {
        var parts = new List<string>();
        if (change.Set.Count > 0)
        {
            parts.Add($"Set {string.Join(", ", change.Set.Keys)} config var{(change.Set.Count > 1 ? "s" : "")}");
        }

        if (change.Unset.Count > 0)
        {
            parts.Add($"Unset {string.Join(", ", change.Unset)} config var{(change.Unset.Count > 1 ? "s" : "")}");
        }

        return parts.Count == 0 ? "Restart with the same config" : string.Join("; ", parts);
    }
}
