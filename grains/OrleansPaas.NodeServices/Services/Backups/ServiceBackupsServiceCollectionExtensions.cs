using Microsoft.Extensions.DependencyInjection;

namespace OrleansPaas.NodeServices.Services.Backups;

public static class ServiceBackupsServiceCollectionExtensions
{
    /// <summary>The backup engine of this node's service containers, with one <see cref="IKindBackups"/> per kind.</summary>
    public static IServiceCollection AddPaasServiceBackups(this IServiceCollection services)
    {
        services.AddSingleton<ContainerCommands>();
        services.AddSingleton<BackupStore>();
        services.AddSingleton<IKindBackups, PostgresBackups>();
        services.AddSingleton<IKindBackups, RedisBackups>();
        services.AddSingleton<ServiceBackupMetrics>();
        services.AddSingleton<IServiceBackups, ServiceBackups>();
        return services;
    }
}
