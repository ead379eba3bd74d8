using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Apps;

/// <summary>Config vars and domains. A config change makes a new release and restarts the app with it (as Heroku does).</summary>
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

        await _lifecycle.WaitAsync();
        try
        {
            foreach (var (key, value) in change.Set)
            {
                State.Config[key] = value;
            }

            foreach (var key in change.Unset)
            {
                State.Config.Remove(key);
            }

            await SaveAsync();
            if (!change.Restart || State.Current is not { } current || State.Stopped)
            {
                return AppCommandResult.Ok(Snapshot());
            }

            var release = await AddReleaseLikeAsync(current, Describe(change));
            return await RedeployAsync(release, "config change", runReleasePhase: true);
        }
        finally
        {
            _lifecycle.Release();
        }
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
        await _lifecycle.WaitAsync();
        try
        {
            change();
            await SaveAsync();
            if (State.Current is not null)
            {
                await PublishRouteAsync(State.Instances);
            }

            return AppCommandResult.Ok(Snapshot());
        }
        finally
        {
            _lifecycle.Release();
        }
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
