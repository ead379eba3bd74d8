using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Contracts.Processes;
using OrleansPaas.Tls;

namespace OrleansPaas.Dashboard.Live;

/// <summary>One line of the apps list.</summary>
public sealed record AppRow(string Name, string Url, string Status, int? Release, int Instances, double RequestsPerSecond, DateTimeOffset? LastDeploy);

/// <summary>Everything the app page shows; the live parts are re-rendered from a fresh one.</summary>
public sealed record AppModel(
    AppInfo Info,
    string Status,
    string Url,
    IReadOnlyList<InstanceView> Instances,
    IReadOnlyList<BuildRecord> Builds,
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyList<string> Hosts,
    CertificateReport? Certificate)
{
    public string Name => Info.Name;
}

/// <summary>One node as the membership and its own report see it.</summary>
public sealed record NodeRow(string Name, string Status, bool Local, string Address, string ControlUrl, long MemoryBytes, int Cpus,
    int Running, int Stopped, DateTimeOffset? ReportedAt);
