using System.Text.Json.Serialization;

namespace OrleansPaas.Gateway.Api.Models;

/// <summary>One line of the <c>run</c> NDJSON stream: a piece of output, or (last) the exit code.</summary>
public sealed record RunOutput(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stream,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ExitCode);
