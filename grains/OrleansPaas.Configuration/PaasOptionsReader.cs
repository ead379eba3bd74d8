using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration;

/// <summary>
/// The node's settings before its host exists: the silo, the listeners and the data folder are
/// set up from them, so they are checked first, by the same binding and validators the host uses.
/// </summary>
public static class PaasOptionsReader
{
    /// <summary>The bound <c>Paas</c> section; throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static PaasOptions ReadValidated(IConfiguration configuration)
    {
        using var services = new ServiceCollection().AddSingleton(configuration).AddPaasOptions().BuildServiceProvider();
        return services.GetRequiredService<IOptions<PaasOptions>>().Value;
    }
}
