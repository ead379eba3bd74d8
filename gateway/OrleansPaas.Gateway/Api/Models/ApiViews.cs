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

    public static AppDetails Details(AppInfo app, string domain) => new(
        app.Name,
        Url(app, domain),
        Status(app),
        app.CreatedAt,
        app.CurrentRelease is { } current ? Release(current, current.Version) : null,
        app.Domains,
        app.Formation,
        app.Instances.Select(Instance).ToList(),
        app.ConfigVars);

    public static ReleaseView Release(ReleaseRecord release, int? currentVersion) => new(
        release.Version, release.Description, release.Commit, release.Image, release.CreatedAt,
        release.Status.ToString().ToLowerInvariant(), release.Version == currentVersion);

    public static InstanceView Instance(InstanceInfo instance) =>
        new(instance.ContainerId, instance.Name, instance.Process, instance.ReleaseVersion, instance.Endpoint, "running");

    public static ProcessReport Processes(AppInfo app) =>
        new(Status(app), app.Formation, app.Instances.Select(Instance).ToList());

    public static DomainsView Domains(AppInfo app, string domain) =>
        new(AppName.Parse(app.Name).VirtualHost(domain), app.Domains);
}
