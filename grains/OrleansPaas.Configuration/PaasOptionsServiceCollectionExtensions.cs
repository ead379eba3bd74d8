using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration;

public static class PaasOptionsServiceCollectionExtensions
{
    /// <summary>Options and data paths every part of a node shares.</summary>
    public static IServiceCollection AddPaasOptions(this IServiceCollection services)
    {
        services.AddOptions<PaasOptions>().BindConfiguration(PaasOptions.SectionName);
        services.AddSingleton(sp => new DataPaths(sp.GetRequiredService<IOptions<PaasOptions>>().Value));
        return services;
    }
}
