using OrleansPaas.Apps;

namespace OrleansPaas.Gateway.Api.Models;

/// <summary>Maps what the grains return to the API's JSON shapes (docs/api.md).</summary>
public static class ApiViews
{
    public static string Status(AppInfo app) =>
        app.CurrentRelease is null ? "not-deployed" : app.Stopped ? "stopped" : "running";

    public static string Url(AppInfo app, string domain) => $"http://{AppName.Parse(app.Name).VirtualHost(domain)}";

    public static AppSummary Summary(AppInfo app, string domain) =>
        new(app.Name, Url(app, domain), Status(app), app.CurrentRelease?.Version, app.Instances.Count);

    public static AppDetails Details(AppInfo app, string domain, long imageBytes = 0) => new(
        app.Name,
        Url(app, domain),
        Status(app),
        app.CreatedAt,
        app.CurrentRelease is { } current ? Release(current, current.Version) : null,
        app.Domains,
        app.Formation,
        Instances(app),
        app.ConfigVars,
        imageBytes);

    public static ReleaseView Release(ReleaseRecord release, int? currentVersion) => new(
        release.Version, release.Description, release.Commit, release.Image, release.CreatedAt,
        release.Status.ToString().ToLowerInvariant(), release.Version == currentVersion,
        release.Config.ToDictionary(kv => kv.Key, _ => "*****"), release.Formation);

    /// <summary>Running instances with their crash history, plus crashed ones waiting out their back-off.</summary>
    public static IReadOnlyList<InstanceView> Instances(AppInfo app)
    {
        var crashes = app.Crashes.ToDictionary(c => c.Instance, StringComparer.Ordinal);
        var running = app.Instances.Select(i =>
        {
            var crash = crashes.GetValueOrDefault(i.Name);
            return new InstanceView(i.ContainerId, i.Name, i.Process, i.ReleaseVersion, i.Endpoint, "running",
                crash?.Restarts ?? 0, crash?.LastExitCode, crash?.LastOutput ?? [], i.Node);
        });
        var restarting = app.Crashes
            .Where(c => c.Restarting && app.Instances.All(i => i.Name != c.Instance))
            .Select(c => new InstanceView("", c.Instance, c.Instance.Split('.')[0], app.CurrentRelease?.Version ?? 0, "", "restarting",
                c.Restarts, c.LastExitCode, c.LastOutput, ""));
        return running.Concat(restarting).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
    }

    public static ProcessReport Processes(AppInfo app) =>
        new(Status(app), app.Formation, Instances(app));

    public static DomainsView Domains(AppInfo app, string domain) =>
        new(AppName.Parse(app.Name).VirtualHost(domain), app.Domains);
}
