namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>A backup as listed: its manifest and the targets that hold it whole (manifest and dump), e.g. <c>directory</c>, <c>s3</c>.</summary>
[GenerateSerializer, Immutable, Alias("paas.StoredBackup")]
public sealed record StoredBackup(
    [property: Id(0)] ServiceBackupManifest Manifest,
    [property: Id(1)] IReadOnlyList<string> Locations);
