namespace OrleansPaas.Cli.Api.Models;

/// <summary>Body of <c>PATCH /api/apps/{app}/config</c>; null parts are left out of the JSON.</summary>
internal sealed record ConfigPatch(
    IReadOnlyDictionary<string, string>? Set,
    IReadOnlyList<string>? Unset,
    bool Restart);
