using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansPaas.Contracts;
using OrleansPaas.Contracts.Apps;
using OrleansPaas.Contracts.Builds;
using OrleansPaas.Contracts.Certs;
using OrleansPaas.Contracts.Config;
using OrleansPaas.Contracts.Deploys;
using OrleansPaas.Contracts.Domains;
using OrleansPaas.Contracts.Events;
using OrleansPaas.Contracts.Tokens;
using OrleansPaas.Contracts.Processes;
using OrleansPaas.Contracts.Releases;
using OrleansPaas.Contracts.Cron;
using OrleansPaas.Contracts.Resources;
using OrleansPaas.Contracts.Runs;
using OrleansPaas.Contracts.Services;
using OrleansPaas.Contracts.SshKeys;
using OrleansPaas.Contracts.Storage;
using OrleansPaas.Contracts.Ports;

namespace OrleansPaas.Cli.Api;

/// <summary>
/// The admin API (docs/api.md), one method per endpoint. Every failure leaves as a
/// <see cref="CliException"/> carrying the one line to print; successful answers keep their raw
/// JSON so that <c>--json</c> passes the server's document through untouched.
/// </summary>
internal sealed class PaasClient(HttpClient http, string displayUrl) : IDisposable
{
    private static readonly PaasJsonContext Json = PaasJsonContext.Default;

    /// <summary>The control URL as configured, for messages and hints.</summary>
    public string Url { get; } = displayUrl;

    public Task<ApiResponse<List<AppSummary>>> ListAppsAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "api/apps", null, Json.ListAppSummary, ct);

    public Task<ApiResponse<AppDetails>> CreateAppAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "api/apps", JsonContent.Create(new CreateAppRequest(app), Json.CreateAppRequest), Json.AppDetails, ct);

    public Task<ApiResponse<AppDetails>> GetAppAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, AppPath(app), null, Json.AppDetails, ct);

    public async Task DestroyAppAsync(string app, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{AppPath(app)}?confirm={Uri.EscapeDataString(app)}");
        using var response = await SendCheckedAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    public Task<ApiResponse<ConfigView>> GetConfigAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/config", null, Json.ConfigView, ct);

    public Task<ApiResponse<ConfigView>> PatchConfigAsync(string app, ConfigPatch patch, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, $"{AppPath(app)}/config", JsonContent.Create(patch, Json.ConfigPatch), Json.ConfigView, ct);

    public Task<ApiResponse<DomainsView>> GetDomainsAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/domains", null, Json.DomainsView, ct);

    public Task<ApiResponse<DomainsView>> AddDomainAsync(string app, string domain, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{AppPath(app)}/domains", JsonContent.Create(new AddDomainRequest(domain), Json.AddDomainRequest), Json.DomainsView, ct);

    public Task<ApiResponse<CertificateView>> GetCertificateAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/certs", null, Json.CertificateView, ct);

    public Task<ApiResponse<CertificateView>> AddCertificateAsync(string app, string certificatePem, string keyPem, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"{AppPath(app)}/certs", JsonContent.Create(new CertificateRequest(certificatePem, keyPem), Json.CertificateRequest), Json.CertificateView, ct);

    public Task<ApiResponse<CertificateView>> RemoveCertificateAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{AppPath(app)}/certs", null, Json.CertificateView, ct);

    public Task<ApiResponse<CertificateView>> SetHstsAsync(string app, bool enabled, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"{AppPath(app)}/certs/hsts", JsonContent.Create(new HstsRequest(enabled), Json.HstsRequest), Json.CertificateView, ct);

    public Task<ApiResponse<DomainsView>> RemoveDomainAsync(string app, string domain, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{AppPath(app)}/domains/{Uri.EscapeDataString(domain)}", null, Json.DomainsView, ct);

    public Task<ApiResponse<ProcessReport>> GetProcessesAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/ps", null, Json.ProcessReport, ct);

    public Task<ApiResponse<ProcessReport>> ScaleAsync(string app, Dictionary<string, int> formation, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"{AppPath(app)}/formation", JsonContent.Create(formation, Json.DictionaryStringInt32), Json.ProcessReport, ct);

    /// <summary><c>ps:set</c>: one setting (<c>sleep-after</c>, <c>sleep-page</c>); a null value goes back to the default.</summary>
    public Task<ApiResponse<ProcessReport>> SetProcessSettingAsync(string app, string key, string? value, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"{AppPath(app)}/ps/settings/{Uri.EscapeDataString(key)}",
            JsonContent.Create(new ProcessSettingRequest(value), Json.ProcessSettingRequest), Json.ProcessReport, ct);

    /// <param name="action"><c>stop</c>, <c>start</c> or <c>restart</c>.</param>
    public Task<ApiResponse<ProcessReport>> ChangeProcessesAsync(string app, string action, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{AppPath(app)}/ps/{action}", null, Json.ProcessReport, ct);

    public Task<ApiResponse<ResourceReport>> GetResourcesAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/resources", null, Json.ResourceReport, ct);

    /// <summary><c>resource:limit</c>: the values as the user wrote them (the server parses them); a null one stays as it is.</summary>
    public Task<ApiResponse<ResourceReport>> SetResourceLimitsAsync(string app, string? cpu, string? memory, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"{AppPath(app)}/resources/limits",
            JsonContent.Create(new ResourceLimitRequest(cpu, memory), Json.ResourceLimitRequest), Json.ResourceReport, ct);

    public Task<ApiResponse<ResourceReport>> ClearResourceLimitsAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{AppPath(app)}/resources/limits", null, Json.ResourceReport, ct);

    public Task<ApiResponse<CronView>> ListCronAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/cron", null, Json.CronView, ct);

    public Task<ApiResponse<CronView>> RunCronAsync(string app, string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{AppPath(app)}/cron/{Uri.EscapeDataString(id)}/run", null, Json.CronView, ct);

    /// <param name="suspend">True: <c>cron:suspend</c>; false: <c>cron:resume</c>.</param>
    public Task<ApiResponse<CronView>> SuspendCronAsync(string app, bool suspend, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{AppPath(app)}/cron/{(suspend ? "suspend" : "resume")}", null, Json.CronView, ct);
    public Task<ApiResponse<StorageReport>> GetStorageAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/storage", null, Json.StorageReport, ct);

    public Task<ApiResponse<StorageReport>> CreateVolumeAsync(string app, string name, string containerPath, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{AppPath(app)}/storage/volumes",
            JsonContent.Create(new CreateVolumeRequest(name, containerPath), Json.CreateVolumeRequest), Json.StorageReport, ct);

    public Task<ApiResponse<StorageReport>> MountAsync(string app, string hostPath, string containerPath, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{AppPath(app)}/storage/mounts",
            JsonContent.Create(new MountRequest(hostPath, containerPath), Json.MountRequest), Json.StorageReport, ct);

    /// <summary>Moves an app's volume to another node; the caller relays the NDJSON progress and disposes the response.</summary>
    public Task<HttpResponseMessage> OpenMoveVolumeAsync(string app, string volume, string node, CancellationToken ct) =>
        SendStreamingAsync(new HttpRequestMessage(HttpMethod.Post, $"{AppPath(app)}/storage/volumes/{Uri.EscapeDataString(volume)}/move")
        {
            Content = JsonContent.Create(new MoveVolumeRequest(node), Json.MoveVolumeRequest),
        }, ct);

    public Task<ApiResponse<StorageReport>> UnmountAsync(string app, string mount, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{AppPath(app)}/storage?mount={Uri.EscapeDataString(mount)}", null, Json.StorageReport, ct);

    public Task<ApiResponse<PortsReport>> GetPortsAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/ports", null, Json.PortsReport, ct);

    public Task<ApiResponse<PortsReport>> AddPortAsync(string app, string spec, bool allowPrivileged, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{AppPath(app)}/ports",
            JsonContent.Create(new AddPortRequest(spec, allowPrivileged), Json.AddPortRequest), Json.PortsReport, ct);

    public Task<ApiResponse<PortsReport>> RemovePortAsync(string app, string spec, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{AppPath(app)}/ports/{Uri.EscapeDataString(spec)}", null, Json.PortsReport, ct);

    public Task<ApiResponse<List<ReleaseView>>> ListReleasesAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/releases", null, Json.ListReleaseView, ct);

    /// <param name="version">The release to go back to; null for the deployed release before the current one.</param>
    public Task<ApiResponse<AppDetails>> RollbackAsync(string app, int? version, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{AppPath(app)}/releases/rollback", JsonContent.Create(new RollbackRequest(version), Json.RollbackRequest), Json.AppDetails, ct);

    public Task<ApiResponse<List<BuildView>>> ListBuildsAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{AppPath(app)}/builds", null, Json.ListBuildView, ct);

    /// <summary>A build's whole output as text; <paramref name="buildId"/> null for the latest build.</summary>
    public async Task<string> GetBuildOutputAsync(string app, int? buildId, CancellationToken ct)
    {
        var which = buildId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "latest";
        using var response = await SendStreamingAsync(new HttpRequestMessage(HttpMethod.Get, $"{AppPath(app)}/builds/{which}/output"), ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>Opens the log stream; the caller reads the body as it arrives and disposes the response.</summary>
    public Task<HttpResponseMessage> OpenLogsAsync(string app, int lines, bool follow, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{AppPath(app)}/logs?lines={lines}&follow={(follow ? "true" : "false")}");
        return SendStreamingAsync(request, ct);
    }

    /// <summary>Starts a one-off command; the caller reads the NDJSON body and disposes the response.</summary>
    public Task<HttpResponseMessage> OpenRunAsync(string app, IReadOnlyList<string> command, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{AppPath(app)}/run")
        {
            Content = JsonContent.Create(new RunRequest(command), Json.RunRequest),
        };
        return SendStreamingAsync(request, ct);
    }

    /// <summary>Orders a Let's Encrypt certificate; the caller reads the NDJSON progress and disposes the response.</summary>
    public Task<HttpResponseMessage> OpenEnableLetsEncryptAsync(string app, CancellationToken ct) =>
        SendStreamingAsync(new HttpRequestMessage(HttpMethod.Post, $"{AppPath(app)}/letsencrypt"), ct);

    public Task<ApiResponse<CertificateView>> DisableLetsEncryptAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{AppPath(app)}/letsencrypt", null, Json.CertificateView, ct);

    public Task<ApiResponse<List<CertificateView>>> ListLetsEncryptAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "api/letsencrypt", null, Json.ListCertificateView, ct);

    /// <summary>Deploys an image already on the node; the caller reads the NDJSON body and disposes the response.</summary>
    public Task<HttpResponseMessage> OpenDeployImageAsync(string app, string image, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{AppPath(app)}/deploy-image")
        {
            Content = JsonContent.Create(new DeployImageRequest(image), Json.DeployImageRequest),
        };
        return SendStreamingAsync(request, ct);
    }

    /// <summary>The platform's archive as the node writes it; the caller copies the body and disposes the response.</summary>
    public Task<HttpResponseMessage> OpenPlatformBackupAsync(bool withImages, CancellationToken ct) =>
        SendStreamingAsync(new HttpRequestMessage(HttpMethod.Get, $"api/platform/backup?images={(withImages ? "true" : "false")}"), ct);

    public async Task PurgeCacheAsync(string app, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{AppPath(app)}/cache");
        using var response = await SendCheckedAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    public Task<ApiResponse<List<SshKeyView>>> ListSshKeysAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "api/ssh-keys", null, Json.ListSshKeyView, ct);

    public Task<ApiResponse<SshKeyView>> AddSshKeyAsync(AddSshKeyRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "api/ssh-keys", JsonContent.Create(request, Json.AddSshKeyRequest), Json.SshKeyView, ct);

    public Task<ApiResponse<SshKeyView>> RemoveSshKeyAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"api/ssh-keys/{Uri.EscapeDataString(name)}", null, Json.SshKeyView, ct);
    public Task<ApiResponse<CreatedTokenView>> CreateTokenAsync(CreateTokenRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "api/tokens", JsonContent.Create(request, Json.CreateTokenRequest), Json.CreatedTokenView, ct);

    public Task<ApiResponse<List<TokenView>>> ListTokensAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "api/tokens", null, Json.ListTokenView, ct);

    public async Task RevokeTokenAsync(string name, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/tokens/{Uri.EscapeDataString(name)}");
        using var response = await SendCheckedAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    /// <summary>The audit trail after sequence <paramref name="after"/> (0: the newest <paramref name="limit"/>), oldest first.</summary>
    public Task<ApiResponse<List<EventView>>> ListEventsAsync(string? app, long after, int limit, CancellationToken ct)
    {
        var query = $"api/events?limit={limit}&after={after}" + (app is null ? "" : $"&app={Uri.EscapeDataString(app)}");
        return SendAsync(HttpMethod.Get, query, null, Json.ListEventView, ct);
    }

    public Task<ApiResponse<List<ServiceView>>> ListServicesAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "api/services", null, Json.ListServiceView, ct);

    public Task<ApiResponse<ServiceView>> CreateServiceAsync(string kind, string name, string? version, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "api/services", JsonContent.Create(new CreateServiceRequest(kind, name, version), Json.CreateServiceRequest), Json.ServiceView, ct);

    public Task<ApiResponse<ServiceView>> GetServiceAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ServicePath(name), null, Json.ServiceView, ct);

    public Task<ApiResponse<ServiceView>> DestroyServiceAsync(string name, bool force, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{ServicePath(name)}?force={(force ? "true" : "false")}", null, Json.ServiceView, ct);

    public Task<ApiResponse<ServiceView>> LinkServiceAsync(string name, string app, string? variable, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"{ServicePath(name)}/links/{Uri.EscapeDataString(app)}",
            JsonContent.Create(new LinkServiceRequest(variable), Json.LinkServiceRequest), Json.ServiceView, ct);

    public Task<ApiResponse<ServiceView>> UnlinkServiceAsync(string name, string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{ServicePath(name)}/links/{Uri.EscapeDataString(app)}", null, Json.ServiceView, ct);

    public Task<ApiResponse<List<ServiceBackupView>>> ListServiceBackupsAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{ServicePath(name)}/backups", null, Json.ListServiceBackupView, ct);

    /// <summary>Backs the service up and verifies the backup; the answer comes when both are done (minutes).</summary>
    public Task<ApiResponse<ServiceBackupView>> BackupServiceAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{ServicePath(name)}/backups", null, Json.ServiceBackupView, ct);

    public Task<ApiResponse<ServiceBackupView>> VerifyServiceBackupAsync(string name, string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{ServicePath(name)}/backups/{Uri.EscapeDataString(id)}/verify", null, Json.ServiceBackupView, ct);

    public Task<ApiResponse<ServiceRestoreView>> RestoreServiceAsync(string name, string id, string? from, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{ServicePath(name)}/restore",
            JsonContent.Create(new RestoreServiceRequest(id, from), Json.RestoreServiceRequest), Json.ServiceRestoreView, ct);

    public Task<ApiResponse<List<BackupScheduleView>>> ListBackupSchedulesAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"{ServicePath(name)}/backup-schedules", null, Json.ListBackupScheduleView, ct);

    public Task<ApiResponse<List<BackupScheduleView>>> SetBackupScheduleAsync(string name, string cron, int? keep, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"{ServicePath(name)}/backup-schedules",
            JsonContent.Create(new SetBackupScheduleRequest(cron, keep), Json.SetBackupScheduleRequest), Json.ListBackupScheduleView, ct);

    public Task<ApiResponse<List<BackupScheduleView>>> RemoveBackupScheduleAsync(string name, string cron, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"{ServicePath(name)}/backup-schedules?cron={Uri.EscapeDataString(cron)}", null, Json.ListBackupScheduleView, ct);

    /// <summary>services:move: the steps as NDJSON (a refusal as a problem); the caller relays and disposes the response.</summary>
    public Task<HttpResponseMessage> OpenMoveServiceAsync(string name, string node, CancellationToken ct) =>
        SendStreamingAsync(new HttpRequestMessage(HttpMethod.Post, $"{ServicePath(name)}/move")
        {
            Content = JsonContent.Create(new MoveServiceRequest(node), Json.MoveServiceRequest),
        }, ct);

    /// <summary>services:restore --node: the service, its node lost, made again on <paramref name="node"/>; the steps as NDJSON.</summary>
    public Task<HttpResponseMessage> OpenRestoreServiceOnNodeAsync(string name, string id, string node, CancellationToken ct) =>
        SendStreamingAsync(new HttpRequestMessage(HttpMethod.Post, $"{ServicePath(name)}/restore")
        {
            Content = JsonContent.Create(new RestoreServiceRequest(id, Node: node), Json.RestoreServiceRequest),
        }, ct);

    /// <summary>backup <paramref name="id"/> of <paramref name="name"/> as the new service <paramref name="into"/>.</summary>
    public Task<ApiResponse<ServiceView>> RestoreServiceIntoAsync(string name, string id, string into, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{ServicePath(name)}/restore",
            JsonContent.Create(new RestoreServiceRequest(id, Into: into), Json.RestoreServiceRequest), Json.ServiceView, ct);

    /// <summary>A dump of the service as the node writes it; the caller copies the body and disposes the response.</summary>
    public Task<HttpResponseMessage> OpenServiceExportAsync(string name, CancellationToken ct) =>
        SendStreamingAsync(new HttpRequestMessage(HttpMethod.Get, $"{ServicePath(name)}/export"), ct);

    /// <summary>Streams <paramref name="dump"/> to the service, which restores it once whole.</summary>
    public Task<ApiResponse<ServiceImportView>> ImportServiceAsync(string name, Stream dump, CancellationToken ct)
    {
        var content = new StreamContent(dump, 1 << 16);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        return SendAsync(HttpMethod.Put, $"{ServicePath(name)}/import", content, Json.ServiceImportView, ct);
    }

    /// <summary>
    /// Opens services:connect's WebSocket (the same URL, token and user agent as every other call); a refusal
    /// before the upgrade leaves as a <see cref="CliException"/> with its status.
    /// </summary>
    public async Task<System.Net.WebSockets.ClientWebSocket> OpenServiceConsoleAsync(string name, bool tty, CancellationToken ct)
    {
        var address = new UriBuilder(new Uri(http.BaseAddress!, $"{ServicePath(name)}/connect?tty={(tty ? "true" : "false")}"));
        address.Scheme = address.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var header in http.DefaultRequestHeaders)
        {
            socket.Options.SetRequestHeader(header.Key, string.Join(' ', header.Value));
        }

        try
        {
            using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) });
            await socket.ConnectAsync(address.Uri, invoker, ct);
            return socket;
        }
        catch (System.Net.WebSockets.WebSocketException e)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw new CliException(status switch
            {
                0 => $"cannot reach OrleansPaas at {Url}: {e.Message}",
                // Any node relays the console from the service's node; this one could not reach it.
                502 => $"OrleansPaas could not reach the node that runs service '{name}' (paas services:info {name} names it); try again, or set PAAS_URL to that node's control URL",
                _ => $"services:connect was refused (HTTP {status})",
            }, e);
        }
    }

    /// <summary>Opens a service's output as text; the caller reads the body as it arrives and disposes the response.</summary>
    public Task<HttpResponseMessage> OpenServiceLogsAsync(string name, int lines, bool follow, CancellationToken ct) =>
        SendStreamingAsync(new HttpRequestMessage(HttpMethod.Get, $"{ServicePath(name)}/logs?lines={lines}&follow={(follow ? "true" : "false")}"), ct);

    public void Dispose() => http.Dispose();

    private static string AppPath(string app) => $"api/apps/{Uri.EscapeDataString(app)}";

    private static string ServicePath(string name) => $"api/services/{Uri.EscapeDataString(name)}";

    private async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await SendCheckedAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var json = await response.Content.ReadAsStringAsync(ct);
        return new ApiResponse<T>(json, typeInfo);
    }

    private async Task<HttpResponseMessage> SendStreamingAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            // Headers only: the body is read by the caller as the server writes it.
            return await SendCheckedAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
    }

    private async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            throw new CliException($"cannot reach OrleansPaas at {Url}: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"the request to OrleansPaas at {Url} failed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // Not the user's Ctrl-C, so it is the connect timeout.
            throw new CliException($"cannot reach OrleansPaas at {Url}: the connection timed out", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new CliException(ProblemMessage.From((int)response.StatusCode, response.ReasonPhrase, body));
        }
    }
}
