using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Contracts.Apps;
using OrleansPaas.Contracts.Certs;
using OrleansPaas.Contracts.Domains;
using OrleansPaas.Contracts.Processes;
using OrleansPaas.Contracts.Releases;
using OrleansPaas.Tls;

namespace OrleansPaas.Gateway.Api;

/// <summary>Maps what the grains return to the API's JSON shapes (OrleansPaas.Contracts, docs/api.md).</summary>
public static class ApiViews
{
    /// <summary>not-deployed, stopped, waking, crashed (nothing runs though it should), sleeping or running.</summary>
    public static string Status(AppInfo app) => app switch
    {
        { CurrentRelease: null } => "not-deployed",
        { Stopped: true } => "stopped",
        { Sleep.Waking: true } => "waking",
        _ when app.Instances.Count == 0 && app.Crashes.Any(c => c.Restarting) => "crashed",
        { Sleep.Sleeping: true } => "sleeping",
        _ => "running",
    };

    public static SleepView Sleep(AppInfo app)
    {
        var sleep = app.Sleep ?? OrleansPaas.Sleep.SleepReport.Never;
        var wake = sleep.LastWake;
        return new SleepView
        {
            SleepAfter = OrleansPaas.Sleep.SleepDuration.Format(sleep.SleepAfter),
            SleepAfterSource = sleep.SleepAfterIsDefault ? "default" : "app",
            SleepPage = sleep.SleepPage,
            State = sleep.Waking ? "waking" : sleep.Sleeping ? "sleeping" : "awake",
            IdleSince = sleep.Sleeping ? null : sleep.LastActivityAt,
            SleptAt = sleep.SleptAt,
            LastWake = wake is null ? null : new WakeView
            {
                Number = wake.Number,
                At = wake.At,
                StartMs = wake.StartTook?.TotalMilliseconds,
                FirstResponseMs = wake.FirstResponseAfter?.TotalMilliseconds,
                HeldRequests = wake.HeldRequests,
                Failure = wake.Failure,
            },
            Wakes = sleep.Wakes,
        };
    }

    public static string Url(AppInfo app, string domain) => $"http://{AppName.Parse(app.Name).VirtualHost(domain)}";

    public static AppSummary Summary(AppInfo app, string domain) => new()
    {
        Name = app.Name,
        Url = Url(app, domain),
        Status = Status(app),
        Release = app.CurrentRelease?.Version,
        Instances = app.Instances.Count,
        SleepAfter = OrleansPaas.Sleep.SleepDuration.Format(app.Sleep?.SleepAfter),
        LastWakeAt = app.Sleep?.LastWake?.At,
    };

    public static AppDetails Details(AppInfo app, string domain, long imageBytes = 0) => new()
    {
        Name = app.Name,
        Url = Url(app, domain),
        Status = Status(app),
        CreatedAt = app.CreatedAt,
        Release = app.CurrentRelease is { } current ? Release(current, current.Version) : null,
        Domains = app.Domains,
        Formation = app.Formation,
        Instances = Instances(app),
        ConfigVars = app.ConfigVars,
        ImageBytes = imageBytes,
    };

    public static ReleaseView Release(ReleaseRecord release, int? currentVersion) => new()
    {
        Version = release.Version,
        Description = release.Description,
        Commit = release.Commit,
        Image = release.Image,
        CreatedAt = release.CreatedAt,
        Status = release.Status.ToString().ToLowerInvariant(),
        Current = release.Version == currentVersion,
        Config = release.Config.ToDictionary(kv => kv.Key, _ => "*****"),
        Formation = release.Formation,
    };

    /// <summary>Running instances with their crash history, plus crashed ones waiting out their back-off.</summary>
    public static IReadOnlyList<InstanceView> Instances(AppInfo app)
    {
        var crashes = app.Crashes.ToDictionary(c => c.Instance, StringComparer.Ordinal);
        var running = app.Instances.Select(i =>
        {
            var crash = crashes.GetValueOrDefault(i.Name);
            return new InstanceView
            {
                Id = i.ContainerId,
                Name = i.Name,
                Process = i.Process,
                Release = i.ReleaseVersion,
                Endpoint = i.Endpoint,
                State = "running",
                Restarts = crash?.Restarts ?? 0,
                LastExitCode = crash?.LastExitCode,
                LastOutput = crash?.LastOutput ?? [],
                Node = i.Node,
            };
        });
        var restarting = app.Crashes
            .Where(c => c.Restarting && app.Instances.All(i => i.Name != c.Instance))
            .Select(c => new InstanceView
            {
                Id = "",
                Name = c.Instance,
                Process = c.Instance.Split('.')[0],
                Release = app.CurrentRelease?.Version ?? 0,
                Endpoint = "",
                State = "restarting",
                Restarts = c.Restarts,
                LastExitCode = c.LastExitCode,
                LastOutput = c.LastOutput,
                Node = "",
            });
        return running.Concat(restarting).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
    }

    public static ProcessReport Processes(AppInfo app) => new()
    {
        Status = Status(app),
        Formation = app.Formation,
        Instances = Instances(app),
        Sleep = Sleep(app),
        Placement = StoragePlacement.Reason(app.Attachments ?? ContainerAttachments.None, app.StorageNode),
        CapAdd = app.Attachments?.Capabilities ?? [],
        Devices = app.Attachments?.Devices ?? [],
    };

    public static DomainsView Domains(AppInfo app, string domain) => new()
    {
        Default = AppName.Parse(app.Name).VirtualHost(domain),
        Domains = app.Domains,
    };

    /// <summary>The certificate without its key: the API's own shape, so the grain's record can change without changing the API.</summary>
    public static CertificateView Certificate(CertificateReport report) => new()
    {
        App = report.App,
        Enabled = report.Enabled,
        Source = report.Source,
        Names = report.Names,
        ServedHosts = report.ServedHosts,
        UncoveredHosts = report.UncoveredHosts,
        NotBefore = report.NotBefore,
        NotAfter = report.NotAfter,
        Subject = report.Subject,
        Issuer = report.Issuer,
        Fingerprint = report.Fingerprint,
        Hsts = report.Hsts,
        LetsEncrypt = report.LetsEncrypt,
        RenewsAt = report.RenewsAt,
        LastFailure = report.LastFailure,
        LastFailureAt = report.LastFailureAt,
    };
}
