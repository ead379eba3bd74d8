using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// <c>domains:add</c> and <c>domains:remove</c> of an existing app: a domain is claimed cluster-wide
/// (<see cref="DomainClaims"/>) before it is stored, the app's hosts change as one command of its
/// grain (<see cref="IDeployHost"/>) and are published if it is deployed, then its certificate grain is told.
/// </summary>
public sealed class AppDomains(IDeployHost app, IGrainFactory grains)
{
    private AppState State => app.State;
    private DomainClaims Claims => new(app.Name, grains);

    public async Task<AppCommandResult> AddAsync(string domain)
    {
        if (DomainClaims.Refusal(domain) is { } refused)
        {
            return refused;
        }

        var host = DomainName.Normalize(domain);
        if (host == app.VirtualHost || State.Domains.Contains(host))
        {
            return AppCommandResult.Ok(app.Snapshot());
        }

        return await Claims.ClaimAsync(host) ?? await ChangeAsync(() =>
        {
            // Checked again under the lock: two concurrent adds of one domain must not list it twice.
            if (!State.Domains.Contains(host))
            {
                State.Domains.Add(host);
            }
        });
    }

    public async Task<AppCommandResult> RemoveAsync(string domain)
    {
        var host = DomainName.Normalize(domain);
        if (!State.Domains.Contains(host))
        {
            return DomainClaims.NotListed(app.Name, host);
        }

        var result = await ChangeAsync(() => State.Domains.Remove(host));
        await Claims.ReleaseAsync(host);
        return result;
    }

    /// <summary>Changes the app's hosts as one command and publishes them if it is deployed; then tells the certificate grain.</summary>
    private async Task<AppCommandResult> ChangeAsync(Action change)
    {
        var result = await app.RunCommandAsync(async () =>
        {
            change();
            await app.SaveAsync();
            if (State.Current is not null)
            {
                await app.PublishRouteAsync();
            }

            return AppCommandResult.Ok(app.Snapshot());
        });
        if (result.Succeeded)
        {
            // With Let's Encrypt on, the certificate grain orders one naming the new set of hosts.
            await grains.GetGrain<OrleansPaas.Tls.IAppCertificateGrain>(app.Name.Value).HostsChangedAsync();
        }

        return result;
    }
}
