using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Gateway.Api;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;
using Orleans.Runtime;

namespace OrleansPaas.Dashboard.Live;

/// <summary>
/// Reads what the pages show from the grains (the same calls the API makes), plus this node's
/// traffic figures. Every page and every feed tick asks here; nothing is cached between them.
/// </summary>
public sealed class DashboardData(IGrainFactory grains, IOptions<PaasOptions> options, TrafficSampler traffic,
    IClusterMembershipService membership, ClusterNodes nodes)
{
    private string Domain => options.Value.NormalizedDomain;

    /// <summary>The apps <paramref name="viewer"/> may see (a token limited to some apps sees only those).</summary>
    public async Task<IReadOnlyList<AppRow>> AppsAsync(OrleansPaas.Access.PaasPrincipal viewer)
    {
        var names = (await grains.GetGrain<IAppRegistryGrain>(0).ListAsync()).Where(viewer.Covers);
        var infos = await Task.WhenAll(names.Select(n => grains.GetGrain<IAppGrain>(n).GetInfoAsync()));
        return infos.Where(i => i.Exists)
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .Select(i => new AppRow(i.Name, ApiViews.Url(i, Domain), Status(i), i.CurrentRelease?.Version, i.Instances.Count,
                traffic.RequestsPerSecond(i.Name), i.CurrentRelease?.CreatedAt))
            .ToList();
    }

    /// <summary>Every backing service with its newest backup and that backup's verification (the same calls as services:list and services:info).</summary>
    public async Task<IReadOnlyList<ServiceRow>> ServicesAsync()
    {
        var entries = await grains.GetGrain<OrleansPaas.Services.IServiceRegistryGrain>(0).ListAsync();
        var rows = await Task.WhenAll(entries.Select(async entry =>
        {
            var info = await grains.GetGrain<OrleansPaas.Services.IServiceGrain>(entry.Name).GetInfoAsync();
            if (info is null)
            {
                return null;
            }

            var newest = (await grains.GetGrain<OrleansPaas.NodeServices.Services.Backups.IServiceBackupsGrain>(entry.Name).ListBackupsAsync())?.FirstOrDefault();
            var backup = newest is null ? null : ServiceBackupViews.View(newest);
            return new ServiceRow(info.Name, OrleansPaas.Services.ServiceKinds.Name(info.Kind), info.Version, info.Node, info.Status,
                info.Links.Select(l => $"{l.App} ({l.Variable})").ToList(), backup?.Id, backup?.Created, backup?.Verification, backup?.VerificationDetail);
        }));
        return rows.OfType<ServiceRow>().OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Null when there is no such app (or the name is not one). Without <paramref name="settings"/>
    /// (a feed's tick: its live parts show neither) config and certificate are not read.
    /// </summary>
    public async Task<AppModel?> AppAsync(string app, bool settings = true)
    {
        if (!AppName.TryParse(app, out var name, out _))
        {
            return null;
        }

        var grain = grains.GetGrain<IAppGrain>(name.Value);
        var info = await grain.GetInfoAsync();
        if (!info.Exists)
        {
            return null;
        }

        var builds = grain.GetBuildsAsync();
        var config = settings ? grain.GetConfigAsync() : Task.FromResult<IReadOnlyDictionary<string, string>?>(null);
        var certificate = settings
            ? grains.GetGrain<OrleansPaas.Tls.IAppCertificateGrain>(name.Value).GetCertificateAsync()
            : Task.FromResult<OrleansPaas.Tls.CertificateReport?>(null);
        return new AppModel(info, Status(info), ApiViews.Url(info, Domain), ApiViews.Instances(info),
            (await builds ?? []).OrderByDescending(b => b.Id).ToList(),
            await config ?? new Dictionary<string, string>(),
            [name.VirtualHost(Domain), .. info.Domains],
            await certificate);
    }

    /// <summary>Memory of each of the app's running instances, from every live node's last sample; the newest sample time.</summary>
    public async Task<(DateTimeOffset At, IReadOnlyList<InstanceMemory> Instances)> MemoryAsync(string app)
    {
        var samples = await Task.WhenAll(nodes.Live().Select(async node =>
        {
            try
            {
                return await grains.Node(node).GetAppMemoryAsync(app).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                return new AppMemory(DateTimeOffset.MinValue, []);
            }
        }));
        return (samples.Max(s => s.SampledAt), samples.SelectMany(s => s.Instances).OrderBy(i => i.Instance, StringComparer.Ordinal).ToList());
    }

    public async Task<IReadOnlyList<NodeRow>> NodesAsync()
    {
        var members = membership.CurrentSnapshot.Members.Values
            .Where(m => !string.IsNullOrEmpty(m.Name))
            .ToList();
        var live = members.Where(m => m.Status == SiloStatus.Active).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var reports = await Task.WhenAll(live.Select(async node =>
        {
            try
            {
                return await grains.Node(node).GetReportAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // A node that does not answer is shown without its report rather than hiding the page.
                return null;
            }
        }));
        var byName = reports.Where(r => r is not null).ToDictionary(r => r!.Name, r => r!, StringComparer.Ordinal);
        return members
            // A restarted node keeps its name: its dead earlier life is not a second node.
            .Where(m => m.Status == SiloStatus.Active || !live.Contains(m.Name))
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .Select(g => g.OrderBy(m => m.Status == SiloStatus.Active ? 0 : 1).First())
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m =>
            {
                var report = byName.GetValueOrDefault(m.Name);
                return new NodeRow(m.Name, m.Status.ToString().ToLowerInvariant(), m.Name == nodes.Local,
                    report?.Address ?? m.SiloAddress.Endpoint.Address.ToString(), report?.ControlUrl ?? "",
                    report?.MemoryBytes ?? 0, report?.Cpus ?? 0, report?.RunningCount ?? 0,
                    report is null ? 0 : report.Instances.Count - report.RunningCount, report?.At);
            })
            .ToList();
    }

    /// <summary>The API's status, plus deploying while a build is queued or running.</summary>
    public static string Status(AppInfo app) => app.QueuedBuilds > 0 ? "deploying" : ApiViews.Status(app);
}
