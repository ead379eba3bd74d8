namespace OrleansPaas.Apps;

/// <summary>
/// The outcome of a command sent to an app grain. Expected failures (unknown app, bad input,
/// conflicts) are values so the API can map them to problem details without exceptions.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.AppCommandResult")]
public sealed record AppCommandResult(
    [property: Id(0)] AppCommandStatus Status,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Field,
    [property: Id(3)] AppInfo? App)
{
    public bool Succeeded => Status == AppCommandStatus.Ok;

    public static AppCommandResult Ok(AppInfo app) => new(AppCommandStatus.Ok, null, null, app);
    public static AppCommandResult NotFound(string app) => new(AppCommandStatus.NotFound, $"app '{app}' does not exist", null, null);
    public static AppCommandResult Invalid(string field, string error) => new(AppCommandStatus.Invalid, error, field, null);
    public static AppCommandResult Conflict(string error) => new(AppCommandStatus.Conflict, error, null, null);
    public static AppCommandResult Failed(string error) => new(AppCommandStatus.Failed, error, null, null);
}

[GenerateSerializer, Alias("paas.AppCommandStatus")]
public enum AppCommandStatus
{
    Ok = 0,
    NotFound = 1,
    Invalid = 2,
    Conflict = 3,
    /// <summary>The command was valid but could not be carried out (e.g. new instances never answered).</summary>
    Failed = 4,
}
