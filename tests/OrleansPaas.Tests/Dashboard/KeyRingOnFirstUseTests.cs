using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPaas.Dashboard.Session;

namespace OrleansPaas.Tests.Dashboard;

/// <summary>
/// The dashboard's key ring is left out of the node's start (issue 22: memory) by removing ASP.NET's
/// warm-up service, found by its internal type name: a rename in a new ASP.NET would quietly load
/// the keys at start again. This is where that shows.
/// </summary>
public sealed class KeyRingOnFirstUseTests
{
    [Fact]
    public void DataProtectionsWarmUpService_IsFoundAndRemoved()
    {
        var services = new ServiceCollection();
        services.AddDataProtection();
        Assert.Contains(services, IsDataProtectionHostedService);

        services.LoadKeyRingOnFirstUse();

        Assert.DoesNotContain(services, IsDataProtectionHostedService);
    }

    private static bool IsDataProtectionHostedService(ServiceDescriptor service) =>
        service.ServiceType == typeof(IHostedService)
        && service.ImplementationType?.Namespace?.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal) == true;
}
