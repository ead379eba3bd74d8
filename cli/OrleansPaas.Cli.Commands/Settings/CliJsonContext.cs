using System.Text.Json.Serialization;

namespace OrleansPaas.Cli.Settings;

/// <summary>The CLI's own files, source-generated like the API's contracts (the CLI is compiled ahead of time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(StoredLogin))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
