using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrleansPaas.Cli.Api;

/// <summary>
/// A successful answer: the body exactly as the server sent it (what <c>--json</c> prints, so
/// scripts see the API's own document) and a typed view of it for human output.
/// </summary>
internal sealed class ApiResponse<T>(string json, JsonTypeInfo<T> typeInfo)
{
    public string Json { get; } = json;

    public T Read() =>
        JsonSerializer.Deserialize(Json, typeInfo) ?? throw new CliException("OrleansPaas answered with an empty document");
}
