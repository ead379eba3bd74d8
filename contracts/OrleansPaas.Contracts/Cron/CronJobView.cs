namespace OrleansPaas.Contracts.Cron;

/// <summary>One job: its id (for <c>cron:run</c>), schedule (UTC), command, next time (null when suspended), whether it runs now, and its last run.</summary>
public sealed record CronJobView(string Id, string Schedule, string Command, DateTimeOffset? NextRun, bool Running, CronRunView? LastRun);
