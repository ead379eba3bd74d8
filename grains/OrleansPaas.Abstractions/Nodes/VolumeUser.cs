namespace OrleansPaas.Nodes;

/// <summary>A running container that mounts an app's volume: its id, its <c>paas.process</c> label (<c>run</c>, <c>cron.ID</c>, <c>web</c>…), its command, when it started.</summary>
[GenerateSerializer, Immutable, Alias("paas.VolumeUser")]
public sealed record VolumeUser(
    [property: Id(0)] string ContainerId,
    [property: Id(1)] string Process,
    [property: Id(2)] string Command,
    [property: Id(3)] DateTimeOffset? StartedAt);
