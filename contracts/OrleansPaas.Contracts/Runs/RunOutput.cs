using System.Text.Json.Serialization;

namespace OrleansPaas.Contracts.Runs;

/// <summary>
/// One line of an NDJSON output stream (<c>run</c>, <c>deploy-image</c>, <c>letsencrypt:enable</c>):
/// either output (<see cref="Stream"/> + <see cref="Text"/>) or, last, the <see cref="ExitCode"/>.
/// Absent parts are left out of the line rather than written as null.
/// </summary>
public sealed record RunOutput(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stream,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ExitCode);
