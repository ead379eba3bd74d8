using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansPaas.Contracts;
using OrleansPaas.Gateway.Api;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Gateway.Git;
using OrleansPaas.Gateway.Images;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.NodeServices.Repositories;
using OrleansPaas.NodeServices.Runtime.Images;

namespace OrleansPaas.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>The app gateway (YARP on its own port) fed from the route table.</summary>
    public static IServiceCollection AddPaasGateway(this IServiceCollection services)
    {
        services.AddSingleton<RouteSnapshotStore>();
        services.AddSingleton<OrleansPaas.Gateway.Tls.SniCertificates>();
        services.AddSingleton<OrleansPaas.Gateway.Tls.ControlCertificates>();
        services.AddHostedService<OrleansPaas.Gateway.Tls.ControlCertificateKeeper>();
        services.AddHostedService<RouteWatcher>();
        services.AddHostedService<LocalInstanceDeaths>();
        services.AddSingleton<OrleansPaas.Gateway.Sleep.WakeCoordinator>();
        services.AddSingleton<OrleansPaas.Gateway.Telemetry.GatewayMetrics>();
        services.AddHostedService<OrleansPaas.Gateway.Sleep.ActivityReporter>();
        services.AddHostedService<OrleansPaas.Gateway.Tls.TlsWatcher>();
        services.AddHostedService<GatewayServer>();
        return services;
    }

    /// <summary>The control plane: git smart HTTP, the hook callback and image export to other nodes.</summary>
    public static IServiceCollection AddPaasControlPlane(this IServiceCollection services)
    {
        services.AddSingleton<AdminToken>();
        services.AddSingleton<FailedAuthentications>();
        services.AddSingleton<TokenStore>();
        services.AddHostedService<TokenWatcher>();
        services.AddSingleton<CredentialCheck>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<LockedOutSources>();
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditTrail>());
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        services.AddPaasApiAuthorization();
        services.AddHostedService<PlainHttpWarning>();
        services.AddSingleton<ClusterLogs>();
        // Nodes send each other images over their control endpoints (replaces the runtime's default):
        // this node serves its own (ImageExport, within ImageExportPolicy) and fetches others' (ImageTransfer).
        services.AddSingleton<INodeImageSource, ControlPlaneImageSource>();
        services.AddSingleton<ImageExportPolicy>();
        services.AddSingleton<ImageExport>();
        services.AddSingleton<ImageTransfer>();
        // storage:move's volumes travel the same way, from the same listener.
        services.AddSingleton<OrleansPaas.NodeServices.Runtime.INodeVolumeSource, OrleansPaas.Gateway.Volumes.ControlPlaneVolumeSource>();
        // services:connect through a node that does not run the service: relayed from its node the same way.
        services.AddSingleton<OrleansPaas.Gateway.Consoles.ServiceConsoleRelay>();
        services.AddSingleton<AppRepositories>();
        services.AddHostedService<StaleQuarantineCleanup>();
        services.AddSingleton<RepositorySync>();
        // A build of a commit this node was not pushed (a rebuild) reads it from the stored repository.
        services.AddSingleton<IRepositoryRefresh, StoredRepositoryRefresh>();
        services.AddSingleton<RepositoryPublisher>();
        services.AddSingleton<HookEndpoint>();
        services.AddSingleton<PushInterruptions>();
        services.AddSingleton<GitServing>();
        // git and paas commands over SSH (Paas:Ssh:Listen): the node's sshd child and the socket its sessions reach the node on.
        services.AddSingleton<OrleansPaas.Gateway.Ssh.SshLocations>();
        services.AddSingleton<OrleansPaas.Gateway.Ssh.SshSessions>();
        services.AddHostedService<OrleansPaas.Gateway.Ssh.SshBridge>();
        services.AddHostedService<OrleansPaas.Gateway.Ssh.SshDaemon>();
        services.AddSingleton<PushOutcomes>();
        services.AddProblemDetails();
        services.AddExceptionHandler<OrleansPaas.Gateway.Api.StorageUnavailableHandler>();
        // The API's records are written and read with the contracts' generated metadata, the same the CLI
        // uses; what the contracts do not cover (problem details) falls through to the reflection resolver.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, PaasJsonContext.Default));
        services.AddOpenApi();
        return services;
    }

    public static WebApplication MapPaasControlPlane(this WebApplication endpoints)
    {
        // A grain that could not reach the database answers 503 with a sentence (StorageUnavailableHandler).
        endpoints.UseExceptionHandler();
        endpoints.UseEmptyErrorProblems();
        endpoints.UseInternalListenerScope();
        // Create (or load) the admin token at start, so a first start prints where it is.
        _ = endpoints.Services.GetRequiredService<AdminToken>();
        // Around authentication, so a credential or role refused there is recorded too.
        endpoints.UseAuditTrail();
        // services:connect carries a terminal over a WebSocket (behind the same token check as the rest of /api).
        endpoints.UseWebSockets();
        endpoints.UseAuthentication();
        endpoints.UseAuthorization();
        endpoints.MapGitSmartHttp();
        endpoints.MapPreReceiveHook();
        endpoints.MapImageExport();
        OrleansPaas.Gateway.Volumes.VolumeExportEndpoint.MapVolumeExport(endpoints);
        OrleansPaas.Gateway.Consoles.ServiceConsoleInternalEndpoint.MapServiceConsoleInternal(endpoints);
        endpoints.MapPaasApi();
        // The metrics of AddPaasTelemetry, behind a token like the API: per-app traffic of every app, so a
        // token limited to some apps may not read them.
        endpoints.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(ApiAuthorization.Policy)
            .WithMetadata(new RequiresRole(OrleansPaas.Access.PaasRole.Read, EveryApp: true));
        endpoints.MapOpenApi();
        return endpoints;
    }
}
