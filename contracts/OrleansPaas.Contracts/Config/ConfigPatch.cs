using System.Text.Json.Serialization;

namespace OrleansPaas.Contracts.Config;

/// <summary>
/// Body of <c>PATCH /api/apps/{app}/config</c>. Parts that are null are left out of the JSON;
/// a missing <see cref="Restart"/> means true, as on Heroku.
/// </summary>
public sealed record ConfigPatch(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Set,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Unset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Restart);
