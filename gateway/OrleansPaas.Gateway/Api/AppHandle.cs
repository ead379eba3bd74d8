using Microsoft.AspNetCore.Http;
using OrleansPaas.Apps;
using OrleansPaas.Tls;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// The app a request names, parsed through <see cref="AppName"/> before anything else happens:
/// an invalid name is a 400 that touched nothing. Its TLS is its own grain's (<see cref="Certificates"/>).
/// </summary>
public sealed record AppHandle(AppName Name, IAppGrain Grain, IAppCertificateGrain Certificates)
{
    public static bool TryResolve(string app, IGrainFactory grains, out AppHandle handle, out IResult problem)
    {
        handle = null!;
        problem = null!;
        if (!AppName.TryParse(app, out var name, out var error))
        {
            problem = ApiResults.Invalid("app", error);
            return false;
        }

        handle = new AppHandle(name, grains.GetGrain<IAppGrain>(name.Value), grains.GetGrain<IAppCertificateGrain>(name.Value));
        return true;
    }

    /// <summary>The app's info, or the 404 problem when it does not exist.</summary>
    public async Task<(AppInfo? Info, IResult? Problem)> InfoAsync()
    {
        var info = await Grain.GetInfoAsync();
        return info.Exists ? (info, null) : (null, ApiResults.NotFound($"app '{Name}' does not exist"));
    }
}
