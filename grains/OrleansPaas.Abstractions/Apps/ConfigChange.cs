namespace OrleansPaas.Apps;

/// <summary>A change to an app's config vars; with <see cref="Restart"/> the app restarts with the new environment.</summary>
[GenerateSerializer, Immutable, Alias("paas.ConfigChange")]
public sealed record ConfigChange(
    [property: Id(0)] IReadOnlyDictionary<string, string> Set,
    [property: Id(1)] IReadOnlyList<string> Unset,
    [property: Id(2)] bool Restart);
