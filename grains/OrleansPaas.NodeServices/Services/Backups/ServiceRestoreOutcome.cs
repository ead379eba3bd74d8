namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// The outcome of a restore: null <see cref="Error"/> when the service holds what the backup says
/// (checked after the restore), else one sentence; <see cref="Seconds"/> it took either way.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceRestoreOutcome")]
public sealed record ServiceRestoreOutcome(
    [property: Id(0)] string? Error,
    [property: Id(1)] double Seconds,
    [property: Id(2)] BackupContents? Restored)
{
    public bool Succeeded => Error is null;
}
