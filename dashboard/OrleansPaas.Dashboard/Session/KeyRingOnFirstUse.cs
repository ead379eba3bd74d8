using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrleansPaas.Dashboard.Session;

/// <summary>
/// The keys that seal the dashboard's cookies are read (or the first one made) when a cookie is first
/// sealed or opened, not when the node starts. ASP.NET registers a hosted service whose only work is
/// to load the key ring at start, so a first request does not wait for it; that put the key files' XML,
/// their parsing and their crypto into every node, dashboard used or not (bench/idle-memory.sh, issue 22).
/// Without it the first login reads them instead, once, in milliseconds.
/// </summary>
internal static class KeyRingOnFirstUse
{
    // Internal to ASP.NET, so found by name. Were it renamed, the key ring would be loaded at start again: more memory, nothing broken.
    private const string WarmUpService = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public static IServiceCollection LoadKeyRingOnFirstUse(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.FullName == WarmUpService)
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }
}
