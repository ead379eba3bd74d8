namespace OrleansPaas.Contracts.Cron;

/// <summary><c>GET /api/apps/{app}/cron</c> (<c>cron:list</c>): the current release's jobs (app.json <c>cron</c>) and the newest runs, oldest first.</summary>
public sealed record CronView(bool Suspended, IReadOnlyList<CronJobView> Jobs, IReadOnlyList<CronRunView> Runs);
