namespace OrleansPaas.Apps;

/// <summary>
/// One <c>app.json</c> <c>healthchecks.web</c> entry (Dokku's format): the new instance must answer
/// <see cref="Path"/> with a success status and, if given, a body containing <see cref="Content"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.HealthCheck")]
public sealed record HealthCheck(
    [property: Id(0)] string Name,
    [property: Id(1)] string Path,
    [property: Id(2)] string? Content,
    [property: Id(3)] int Attempts,
    [property: Id(4)] TimeSpan Timeout,
    [property: Id(5)] TimeSpan Wait,
    [property: Id(6)] TimeSpan InitialDelay);
