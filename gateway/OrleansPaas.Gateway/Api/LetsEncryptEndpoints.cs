using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Gateway.Builds;
using OrleansPaas.Tls;

using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>letsencrypt:enable|disable|list</c>: the order's progress is streamed as NDJSON, like a deploy's.</summary>
public static class LetsEncryptEndpoints
{
    public static RouteGroupBuilder MapLetsEncrypt(this RouteGroupBuilder api)
    {
        api.MapPost("/apps/{app}/letsencrypt", EnableAsync).WithName("EnableLetsEncrypt").WithMetadata(RequiresRole.Admin);
        api.MapDelete("/apps/{app}/letsencrypt", DisableAsync).WithName("DisableLetsEncrypt").WithMetadata(RequiresRole.Admin);
        api.MapGet("/letsencrypt", ListAsync).WithName("ListLetsEncrypt").WithMetadata(new RequiresRole(OrleansPaas.Access.PaasRole.Read, EveryApp: true));
        return api;
    }

    private static async Task EnableAsync(HttpContext context, string app, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var job = await handle.Certificates.EnableLetsEncryptAsync();
        if (!job.Result.Succeeded)
        {
            await ApiResults.From(job.Result, _ => new object()).ExecuteAsync(context);
            return;
        }

        await JobLogNdjson.WriteAsync(context,
            BuildLogFollower.FollowAsync((from, wait, ct) => handle.Certificates.ReadCertificateLogAsync(job.JobId, from, wait, ct), context.RequestAborted),
            json.Value.SerializerOptions);
    }

    private static async Task<IResult> DisableAsync(string app, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var result = await handle.Certificates.DisableLetsEncryptAsync();
        return result.Succeeded && await handle.Certificates.GetCertificateAsync() is { } report
            ? Results.Ok(ApiViews.Certificate(report))
            : ApiResults.From(result, _ => new object());
    }

    /// <summary>Every app with Let's Encrypt on: hosts, expiry, next renewal and the last failure.</summary>
    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var apps = await grains.GetGrain<IAppRegistryGrain>(0).ListAsync();
        var reports = await Task.WhenAll(apps.Select(a => grains.GetGrain<IAppCertificateGrain>(a).GetCertificateAsync()));
        return Results.Ok(reports.OfType<CertificateReport>().Where(r => r.LetsEncrypt).OrderBy(r => r.App, StringComparer.Ordinal)
            .Select(ApiViews.Certificate).ToList());
    }
}
