using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansPaas.Contracts.Apps;
using OrleansPaas.Contracts.Builds;
using OrleansPaas.Contracts.Certs;
using OrleansPaas.Contracts.Config;
using OrleansPaas.Contracts.Cron;
using OrleansPaas.Contracts.Deploys;
using OrleansPaas.Contracts.Domains;
using OrleansPaas.Contracts.Events;
using OrleansPaas.Contracts.Ports;
using OrleansPaas.Contracts.Problems;
using OrleansPaas.Contracts.Processes;
using OrleansPaas.Contracts.Releases;
using OrleansPaas.Contracts.Resources;
using OrleansPaas.Contracts.Runs;
using OrleansPaas.Contracts.Services;
using OrleansPaas.Contracts.SshKeys;
using OrleansPaas.Contracts.Storage;
using OrleansPaas.Contracts.Tokens;

namespace OrleansPaas.Contracts;

/// <summary>
/// The admin API's JSON, generated at build time: the CLI (trimmed, started on every command) reads
/// and writes with it directly, and the API puts it first in ASP.NET Core's resolver chain, so both
/// ends use the same metadata. Web defaults, as ASP.NET Core's own: camelCase names, case-insensitive
/// reading, null properties written (the requests that leave a null part out say so on the property).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<AppSummary>))]
[JsonSerializable(typeof(AppDetails))]
[JsonSerializable(typeof(CreateAppRequest))]
[JsonSerializable(typeof(ConfigView))]
[JsonSerializable(typeof(ConfigPatch))]
[JsonSerializable(typeof(DomainsView))]
[JsonSerializable(typeof(AddDomainRequest))]
[JsonSerializable(typeof(CertificateView))]
[JsonSerializable(typeof(List<CertificateView>))]
[JsonSerializable(typeof(CertificateRequest))]
[JsonSerializable(typeof(HstsRequest))]
[JsonSerializable(typeof(ProcessReport))]
[JsonSerializable(typeof(ProcessSettingRequest))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(ResourceLimitRequest))]
[JsonSerializable(typeof(ResourceReport))]
[JsonSerializable(typeof(CronView))]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(RunOutput))]
[JsonSerializable(typeof(DeployImageRequest))]
[JsonSerializable(typeof(RollbackRequest))]
[JsonSerializable(typeof(List<ReleaseView>))]
[JsonSerializable(typeof(List<BuildView>))]
[JsonSerializable(typeof(SshKeyView))]
[JsonSerializable(typeof(List<SshKeyView>))]
[JsonSerializable(typeof(AddSshKeyRequest))]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(CreatedTokenView))]
[JsonSerializable(typeof(List<TokenView>))]
[JsonSerializable(typeof(List<EventView>))]
[JsonSerializable(typeof(StorageReport))]
[JsonSerializable(typeof(CreateVolumeRequest))]
[JsonSerializable(typeof(MountRequest))]
[JsonSerializable(typeof(MoveVolumeRequest))]
[JsonSerializable(typeof(PortsReport))]
[JsonSerializable(typeof(AddPortRequest))]
[JsonSerializable(typeof(ServiceView))]
[JsonSerializable(typeof(List<ServiceView>))]
[JsonSerializable(typeof(CreateServiceRequest))]
[JsonSerializable(typeof(LinkServiceRequest))]
[JsonSerializable(typeof(ServiceBackupView))]
[JsonSerializable(typeof(List<ServiceBackupView>))]
[JsonSerializable(typeof(RestoreServiceRequest))]
[JsonSerializable(typeof(MoveServiceRequest))]
[JsonSerializable(typeof(ServiceRestoreView))]
[JsonSerializable(typeof(ServiceImportView))]
[JsonSerializable(typeof(BackupScheduleView))]
[JsonSerializable(typeof(List<BackupScheduleView>))]
[JsonSerializable(typeof(SetBackupScheduleRequest))]
[JsonSerializable(typeof(string))]
public sealed partial class PaasJsonContext : JsonSerializerContext;
