using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Configuration;

public static class PaasOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Options and data paths every part of a node shares. The <c>Paas</c> section is validated
    /// when the host starts, every validator's problems together (one sentence each).
    /// </summary>
    public static IServiceCollection AddPaasOptions(this IServiceCollection services)
    {
        services.AddOptions<PaasOptions>().BindConfiguration(PaasOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, ListenUrlsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, AdminTokenValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, ClusterValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, ControlCertificateValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, TelemetryValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, DeployValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, PartitionBoundValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, SshValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, AuditValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, CronValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, StorageValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaasOptions>, BackupsS3Validator>());
        services.AddSingleton(sp => new DataPaths(sp.GetRequiredService<IOptions<PaasOptions>>().Value));
        return services;
    }
}
