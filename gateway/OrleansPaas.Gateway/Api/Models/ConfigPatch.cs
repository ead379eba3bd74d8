namespace OrleansPaas.Gateway.Api.Models;

/// <summary>Body of <c>PATCH /api/apps/{app}/config</c>; <see cref="Restart"/> defaults to true, as on Heroku.</summary>
public sealed record ConfigPatch(Dictionary<string, string>? Set, List<string>? Unset, bool? Restart);
