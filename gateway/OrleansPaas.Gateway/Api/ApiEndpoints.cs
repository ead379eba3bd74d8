using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansPaas.Gateway.Api;

public static class ApiEndpoints
{
    /// <summary>The admin API under <c>/api</c> (docs/api.md), every route behind the token.</summary>
    public static IEndpointRouteBuilder MapPaasApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").AddEndpointFilter<ApiTokenFilter>().WithTags("OrleansPaas");
        api.MapApps();
        api.MapConfig();
        api.MapDomains();
        api.MapProcesses();
        api.MapLogs();
        api.MapRun();
        api.MapDeploys();
        return endpoints;
    }
}
