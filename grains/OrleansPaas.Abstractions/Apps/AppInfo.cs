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
    [property: Id(6)] int QueuedBuilds,
    [property: Id(7)] IReadOnlyList<string> Domains,
    [property: Id(8)] IReadOnlyDictionary<string, int> Formation,
    [property: Id(9)] bool Stopped,
    [property: Id(10)] int ConfigVars,
    [property: Id(11)] IReadOnlyList<CrashInfo> Crashes,
    [property: Id(12)] OrleansPaas.Sleep.SleepReport? Sleep = null,
    // The app's own limits (resource:limit; null fields: the default) and what its containers get.
    [property: Id(13)] OrleansPaas.Resources.ResourceLimits? Resources = null,
    [property: Id(14)] OrleansPaas.Resources.ContainerResources? EffectiveResources = null,
    // Mounts, ports, capabilities and devices (storage:*, ports:*, ps:set); the node holding its volumes.
    [property: Id(15)] OrleansPaas.Attachments.ContainerAttachments? Attachments = null,
    [property: Id(16)] string? StorageNode = null)
{
    public static AppInfo Missing(string name) => new(name, false, null, null, [], [], 0, [], new Dictionary<string, int>(), false, 0, []);
}

/// <summary>A running container of an app: the node that runs it and where it answers.</summary>
[GenerateSerializer, Immutable, Alias("paas.InstanceInfo")]
public sealed record InstanceInfo(
    [property: Id(0)] string ContainerId,
    [property: Id(1)] string Process,
    [property: Id(2)] int ReleaseVersion,
    [property: Id(3)] string Host,
    [property: Id(4)] int Port,
    [property: Id(5)] int Index = 1,
    [property: Id(6)] string Node = "",
    // The container's own address on its bridge network and its port, "ip:port"; only the
    // instance's node can reach it.
    [property: Id(7)] string? ContainerEndpoint = null)
{
    /// <summary>Where gateways reach a web instance: the node's address and the published port.</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>The name users see, Heroku style: <c>web.1</c>, <c>web.2</c>, …</summary>
    public string Name => $"{Process}.{Index}";
}
