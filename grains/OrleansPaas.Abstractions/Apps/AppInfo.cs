namespace OrleansPaas.Apps;

/// <summary>A snapshot of an app as its grain sees it; safe to hand out while a build runs.</summary>
[GenerateSerializer, Immutable, Alias("paas.AppInfo")]
public sealed record AppInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Exists,
    [property: Id(2)] DateTimeOffset? CreatedAt,
    [property: Id(3)] ReleaseRecord? CurrentRelease,
    [property: Id(4)] IReadOnlyList<ReleaseRecord> Releases,
    [property: Id(5)] IReadOnlyList<InstanceInfo> Instances,
    [property: Id(6)] int QueuedBuilds);

/// <summary>A running container of an app and where it answers.</summary>
[GenerateSerializer, Immutable, Alias("paas.InstanceInfo")]
public sealed record InstanceInfo(
    [property: Id(0)] string ContainerId,
    [property: Id(1)] string Process,
    [property: Id(2)] int ReleaseVersion,
    [property: Id(3)] string Host,
    [property: Id(4)] int Port)
{
    public string Endpoint => $"{Host}:{Port}";
}
