using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Apps;
using OrleansPaas.Contracts.Certs;

using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>certs:add|remove|report</c> and HSTS. A private key goes in, never out.</summary>
public static class CertsEndpoints
{
    public static RouteGroupBuilder MapCerts(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/certs", ReportAsync).WithName("GetCertificate");
        api.MapPut("/apps/{app}/certs", AddAsync).WithName("AddCertificate").WithMetadata(RequiresRole.Admin);
        api.MapDelete("/apps/{app}/certs", RemoveAsync).WithName("RemoveCertificate").WithMetadata(RequiresRole.Admin);
        api.MapPut("/apps/{app}/certs/hsts", HstsAsync).WithName("SetHsts").WithMetadata(RequiresRole.Admin);
        return api;
    }

    private static async Task<IResult> ReportAsync(string app, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        return await ReportOrMissingAsync(handle);
    }

    private static async Task<IResult> AddAsync(string app, CertificateRequest request, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        return await ThenReportAsync(handle, await handle.Certificates.AddCertificateAsync(request.Certificate ?? "", request.Key ?? ""));
    }

    private static async Task<IResult> RemoveAsync(string app, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        return await ThenReportAsync(handle, await handle.Certificates.RemoveCertificateAsync());
    }

    private static async Task<IResult> HstsAsync(string app, HstsRequest request, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        return await ThenReportAsync(handle, await handle.Certificates.SetHstsAsync(request.Enabled));
    }

    private static async Task<IResult> ThenReportAsync(AppHandle handle, AppCommandResult result) =>
        result.Succeeded ? await ReportOrMissingAsync(handle) : ApiResults.From(result, _ => new object());

    private static async Task<IResult> ReportOrMissingAsync(AppHandle handle) =>
        await handle.Certificates.GetCertificateAsync() is { } report
            ? Results.Ok(ApiViews.Certificate(report))
            : ApiResults.NotFound($"app '{handle.Name}' does not exist");
}
