using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansPaas.Cli.Api.Models;

namespace OrleansPaas.Cli.Api;

/// <summary>
/// Source-generated serializers: the CLI starts on every command, so it avoids reflection-based
/// JSON setup. Web defaults give camelCase names and case-insensitive reading, as the API uses.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<AppSummary>))]
[JsonSerializable(typeof(AppDetails))]
[JsonSerializable(typeof(CreateAppRequest))]
[JsonSerializable(typeof(ConfigReport))]
[JsonSerializable(typeof(ConfigPatch))]
[JsonSerializable(typeof(DomainsReport))]
[JsonSerializable(typeof(AddDomainRequest))]
[JsonSerializable(typeof(CertificateReport))]
[JsonSerializable(typeof(List<CertificateReport>))]
[JsonSerializable(typeof(CertificateRequest))]
[JsonSerializable(typeof(HstsRequest))]
[JsonSerializable(typeof(ProcessReport))]
[JsonSerializable(typeof(ProcessSettingRequest))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(RunOutput))]
[JsonSerializable(typeof(DeployImageRequest))]
[JsonSerializable(typeof(RollbackRequest))]
[JsonSerializable(typeof(List<Release>))]
[JsonSerializable(typeof(List<Build>))]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(string))]
internal sealed partial class PaasJsonContext : JsonSerializerContext;
