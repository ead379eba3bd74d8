using OrleansPaas.Apps;

namespace OrleansPaas.Services;

/// <summary>The outcome of a command to a service grain; expected failures are values (as <see cref="AppCommandResult"/>), statuses shared with apps.</summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceCommandResult")]
public sealed record ServiceCommandResult(
    [property: Id(0)] AppCommandStatus Status,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Field,
    [property: Id(3)] ServiceInfo? Service)
{
    public bool Succeeded => Status == AppCommandStatus.Ok;

    public static ServiceCommandResult Ok(ServiceInfo service) => new(AppCommandStatus.Ok, null, null, service);
    public static ServiceCommandResult NotFound(string error) => new(AppCommandStatus.NotFound, error, null, null);
    public static ServiceCommandResult Invalid(string field, string error) => new(AppCommandStatus.Invalid, error, field, null);
    public static ServiceCommandResult Conflict(string error) => new(AppCommandStatus.Conflict, error, null, null);
    public static ServiceCommandResult Failed(string error) => new(AppCommandStatus.Failed, error, null, null);
}
