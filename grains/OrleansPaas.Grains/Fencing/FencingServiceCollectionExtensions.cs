using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Fencing;

public static class FencingServiceCollectionExtensions
{
    /// <summary>
    /// A cluster node's self-fencing: the contact check and its loop, and the stop of its workers
    /// before Orleans ends a silo declared dead (wrapping Orleans' own fatal-error handler, which
    /// must be registered already: call this from the silo's configuration).
    /// </summary>
    public static IServiceCollection AddPaasFencing(this IServiceCollection services)
    {
        services.AddSingleton<WorkerFence>();
        services.AddSingleton<ClusterContact>();
        services.AddHostedService<SelfFence>();
        var orleans = services.LastOrDefault(d => d.ServiceType == typeof(IFatalErrorHandler))
            ?? throw new InvalidOperationException("Orleans' fatal-error handler is not registered yet: add fencing after the silo's own services.");
        services.Remove(orleans);
        services.AddSingleton<IFatalErrorHandler>(sp => new FenceBeforeDeath(Inner(sp, orleans), sp.GetRequiredService<WorkerFence>(),
            sp.GetRequiredService<FenceHold>(), sp.GetRequiredService<IOptions<PaasOptions>>()));
        return services;
    }

    private static IFatalErrorHandler Inner(IServiceProvider services, ServiceDescriptor orleans) =>
        orleans.ImplementationInstance as IFatalErrorHandler
        ?? orleans.ImplementationFactory?.Invoke(services) as IFatalErrorHandler
        ?? (IFatalErrorHandler)ActivatorUtilities.CreateInstance(services, orleans.ImplementationType!);
}
