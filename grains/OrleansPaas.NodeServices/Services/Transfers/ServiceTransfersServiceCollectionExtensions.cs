using Microsoft.Extensions.DependencyInjection;

namespace OrleansPaas.NodeServices.Services.Transfers;

public static class ServiceTransfersServiceCollectionExtensions
{
    /// <summary>services:export|import|connect on this node (needs the backup engine: <c>AddPaasServiceBackups</c>).</summary>
    public static IServiceCollection AddPaasServiceTransfers(this IServiceCollection services)
    {
        services.AddSingleton<ServiceTransfers>();
        services.AddSingleton<ServiceReadiness>();
        services.AddSingleton<ServiceConsole>();
        return services;
    }
}
