namespace OrleansPaas.Services;

/// <summary>An app linked to a service, and the config var that carries the service's URL to it.</summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceLink")]
public sealed record ServiceLink(
    [property: Id(0)] string App,
    [property: Id(1)] string Variable);
