using System.Text.Json.Serialization;

namespace OrleansPaas.Contracts.Resources;

/// <summary>
/// Body of <c>PUT /api/apps/{app}/resources/limits</c>, as users write the values (<c>"0.5"</c> cores,
/// <c>"256m"</c>); a part left out stays as it is.
/// </summary>
public sealed record ResourceLimitRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Cpu,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Memory);
