namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// A running service container as the backup engine needs it: its kind (<c>postgres</c> or <c>redis</c>),
/// the container on this node, the image it runs, and the credentials its image was started with
/// (<see cref="User"/> and <see cref="Database"/> are PostgreSQL's; Redis has only a password).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceBackupSource")]
public sealed record ServiceBackupSource(
    [property: Id(0)] string Service,
    [property: Id(1)] string Kind,
    [property: Id(2)] string ContainerId,
    [property: Id(3)] string Image,
    [property: Id(4)] string Password,
    [property: Id(5)] string User = "postgres",
    [property: Id(6)] string Database = "postgres");
