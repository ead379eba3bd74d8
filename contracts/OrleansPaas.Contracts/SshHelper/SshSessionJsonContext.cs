using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansPaas.Contracts.SshHelper;

/// <summary>The session helper's first line, source-generated: the helper is the native <c>paas</c> where installed.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SshSessionRequest))]
public sealed partial class SshSessionJsonContext : JsonSerializerContext;
