using OrleansPaas.Apps;

namespace OrleansPaas.Gateway.Api.Models;

/// <summary>Maps what the grains return to the API's JSON shapes (docs/api.md).</summary>
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
        return new SleepView(
            OrleansPaas.Sleep.SleepDuration.Format(sleep.SleepAfter),
            sleep.SleepAfterIsDefault ? "default" : "app",
            sleep.SleepPage,
            sleep.Waking ? "waking" : sleep.Sleeping ? "sleeping" : "awake",
            sleep.Sleeping ? null : sleep.LastActivityAt,
            sleep.SleptAt,
            wake is null ? null : new WakeView(wake.Number, wake.At, wake.StartTook?.TotalMilliseconds, wake.FirstResponseAfter?.TotalMilliseconds,
                wake.HeldRequests, wake.Failure),
            sleep.Wakes);
    }

    public static string Url(AppInfo app, string domain) => $"http://{AppName.Parse(app.Name).VirtualHost(domain)}";

    public static AppSummary Summary(AppInfo app, string domain) =>
        new(app.Name, Url(app, domain), Status(app), app.CurrentRelease?.Version, app.Instances.Count,
            OrleansPaas.Sleep.SleepDuration.Format(app.Sleep?.SleepAfter), app.Sleep?.LastWake?.At);

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
        new(Status(app), app.Formation, Instances(app), Sleep(app));

    public static DomainsView Domains(AppInfo app, string domain) =>
        new(AppName.Parse(app.Name).VirtualHost(domain), app.Domains);
}
