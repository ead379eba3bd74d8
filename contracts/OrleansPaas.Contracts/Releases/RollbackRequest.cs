using System.Text.Json.Serialization;

namespace OrleansPaas.Contracts.Releases;

/// <summary>
/// Body of <c>POST /api/apps/{app}/releases/rollback</c>: <c>{"version":3}</c>, or <c>{}</c> (a null
/// <see cref="Version"/> is left out) for the deployed release before the current one.
/// </summary>
public sealed record RollbackRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Version);
