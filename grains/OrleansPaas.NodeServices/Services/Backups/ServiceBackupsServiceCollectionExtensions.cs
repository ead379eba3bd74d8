using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Services.Backups.Targets;

namespace OrleansPaas.NodeServices.Services.Backups;

public static class ServiceBackupsServiceCollectionExtensions
{
    /// <summary>The backup engine of this node's service containers, with one <see cref="IKindBackups"/> per kind.</summary>
    public static IServiceCollection AddPaasServiceBackups(this IServiceCollection services)
    {
        services.AddSingleton<ContainerCommands>();
        services.AddSingleton<BackupStore>();
        services.AddSingleton<DirectoryBackupTarget>();
        services.AddSingleton<S3BackupTarget>();
        services.AddSingleton(provider => new BackupTargets(provider.GetRequiredService<DirectoryBackupTarget>(),
            provider.GetRequiredService<IOptions<PaasOptions>>().Value.Backups.S3.Enabled ? [provider.GetRequiredService<S3BackupTarget>()] : []));
        services.AddSingleton<IKindBackups, PostgresBackups>();
        services.AddSingleton<IKindBackups, RedisBackups>();
        services.AddSingleton<ServiceBackupMetrics>();
        services.AddSingleton<IServiceBackups, ServiceBackups>();
        return services;
    }
}
