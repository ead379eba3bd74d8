namespace OrleansPaas.Cron;

/// <summary>The outcome of a cron command, as a value the API maps to a status (404, 409) with its sentence.</summary>
[GenerateSerializer, Immutable, Alias("paas.CronCommandResult")]
public sealed record CronCommandResult(
    [property: Id(0)] CronCommandStatus Status,
    [property: Id(1)] string? Error,
    [property: Id(2)] CronReport? Report)
{
    public static CronCommandResult Ok(CronReport report) => new(CronCommandStatus.Ok, null, report);
    public static CronCommandResult NotFound(string error) => new(CronCommandStatus.NotFound, error, null);
    public static CronCommandResult Conflict(string error) => new(CronCommandStatus.Conflict, error, null);
}

[GenerateSerializer, Alias("paas.CronCommandStatus")]
public enum CronCommandStatus
{
    Ok = 0,
    NotFound = 1,
    Conflict = 2,
}
