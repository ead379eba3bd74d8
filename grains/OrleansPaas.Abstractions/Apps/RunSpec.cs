namespace OrleansPaas.Apps;

/// <summary>What a one-off process of an app runs from: the current release's image, the app's environment and its limits.</summary>
[GenerateSerializer, Immutable, Alias("paas.RunSpec")]
public sealed record RunSpec(
    [property: Id(0)] string Image,
    [property: Id(1)] int ReleaseVersion,
    [property: Id(2)] IReadOnlyDictionary<string, string> Environment,
    [property: Id(3)] OrleansPaas.Resources.ContainerResources? Resources = null,
    // The app's mounts, capabilities and devices (never its ports: those are its one ported instance's).
    [property: Id(4)] OrleansPaas.Attachments.ContainerAttachments? Attachments = null);
