namespace OrleansPaas.Apps;

/// <summary>
/// One <c>app.json</c> cron entry (Dokku's format). <paramref name="Id"/> is derived from the
/// schedule and command, so a job keeps its id (and its run history) across deploys that keep it.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.CronJob")]
public sealed record CronJob(
    [property: Id(0)] string Id,
    [property: Id(1)] string Schedule,
    [property: Id(2)] string Command);
