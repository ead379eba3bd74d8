using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Api;

public static class ApiEndpoints
{
    /// <summary>The admin API under <c>/api</c> (docs/api.md), every route behind a token whose role reaches it (checked before any body is read).</summary>
    public static IEndpointRouteBuilder MapPaasApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(ApiAuthorization.Policy)
            // The largest call is a config set; nothing the API takes needs more.
            .WithMetadata(new ApiRequestSizeLimit())
            .WithTags("OrleansPaas");
        api.MapApps();
        api.MapConfig();
        api.MapDomains();
        api.MapCerts();
        api.MapLetsEncrypt();
        api.MapProcesses();
        api.MapResources();
        api.MapCron();
        api.MapStorage();
        api.MapPorts();
        api.MapLogs();
        api.MapRun();
        api.MapDeploys();
        api.MapBuilds();
        api.MapSshKeys();
        api.MapTokens();
        api.MapEvents();
        api.MapPlatform();
        api.MapServices();
        api.MapServiceBackups();
        api.MapServiceTransfers();
        api.MapServiceMove();
        api.MapServiceConsole();
        return endpoints;
    }
}
