namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// What a scheduled backup is for: the schedules (cron texts) it is made for, recorded in its manifest,
/// and every schedule of the service with its <c>keep</c>, so pruning removes only what each schedule made.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.BackupRetention")]
public sealed record BackupRetention(
    [property: Id(0)] IReadOnlyList<string> MadeFor,
    [property: Id(1)] IReadOnlyDictionary<string, int> Keep);
