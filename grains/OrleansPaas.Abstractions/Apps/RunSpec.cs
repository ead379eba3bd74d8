namespace OrleansPaas.Apps;

/// <summary>What a one-off process of an app runs from: the current release's image and the app's environment.</summary>
[GenerateSerializer, Immutable, Alias("paas.RunSpec")]
public sealed record RunSpec(
    [property: Id(0)] string Image,
    [property: Id(1)] int ReleaseVersion,
    [property: Id(2)] IReadOnlyDictionary<string, string> Environment);
