using System.Text.Json.Serialization;

namespace OrleansPaas.Contracts.Processes;

/// <summary>
/// Body of <c>PUT /api/apps/{app}/ps/settings/{key}</c>; no value (sent as <c>{}</c>) sets the key
/// back to its default.
/// </summary>
public sealed record ProcessSettingRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value);
