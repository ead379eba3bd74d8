using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The hosts an app routes (its own virtual host and the domains added to it), each claimed
/// cluster-wide through its <see cref="IDomainGrain"/>, so no two apps can route one host.
/// </summary>
public sealed class DomainClaims(AppName app, IGrainFactory grains)
{
    /// <summary>Why <paramref name="domain"/> cannot be a host name, as the API reports it; null when it can.</summary>
    public static AppCommandResult? Refusal(string domain) =>
        DomainName.Validate(domain) is { } error ? AppCommandResult.Invalid("domain", error) : null;

    /// <summary>The refusal to remove a domain the app does not have.</summary>
    public static AppCommandResult NotListed(AppName app, string host) =>
        new(AppCommandStatus.NotFound, $"app '{app}' has no domain '{host}'", "domain", null);

    /// <summary>Claims <paramref name="host"/> for the app: null once it is the app's (again), else the refusal naming its owner.</summary>
    public async Task<AppCommandResult?> ClaimAsync(string host)
    {
        var owner = await grains.GetGrain<IDomainGrain>(host).ClaimAsync(app.Value);
        return owner == app.Value ? null : AppCommandResult.Conflict($"domain '{host}' belongs to app '{owner}'");
    }

    public Task ReleaseAsync(string host) => grains.GetGrain<IDomainGrain>(host).ReleaseAsync(app.Value);
}
