using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Contracts.Domains;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>domains:add|remove|report</c>.</summary>
public static class DomainsEndpoints
{
    public static RouteGroupBuilder MapDomains(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/domains", ReportAsync).WithName("GetDomains");
        api.MapPost("/apps/{app}/domains", AddAsync).WithName("AddDomain");
        api.MapDelete("/apps/{app}/domains/{domain}", RemoveAsync).WithName("RemoveDomain");
        return api;
    }

    private static async Task<IResult> ReportAsync(string app, IGrainFactory grains, IOptions<PaasOptions> options)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var (info, missing) = await handle.InfoAsync();
        return missing ?? Results.Ok(ApiViews.Domains(info!, options.Value.NormalizedDomain));
    }

    private static async Task<IResult> AddAsync(string app, AddDomainRequest request, IGrainFactory grains, IOptions<PaasOptions> options)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var result = await handle.Grain.AddDomainAsync(request.Domain ?? "");
        return ApiResults.From(result, info => ApiViews.Domains(info, options.Value.NormalizedDomain));
    }

    private static async Task<IResult> RemoveAsync(string app, string domain, IGrainFactory grains, IOptions<PaasOptions> options)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var result = await handle.Grain.RemoveDomainAsync(domain);
        return ApiResults.From(result, info => ApiViews.Domains(info, options.Value.NormalizedDomain));
    }
}
