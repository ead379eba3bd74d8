using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>The URLs and the ports the node listens on are ones it can listen on.</summary>
public sealed class ListenUrlsValidator : IValidateOptions<PaasOptions>
{
    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        var problems = new List<string>();
        Check(options.GatewayUrls, nameof(PaasOptions.GatewayUrls), problems, "http");
        Check(options.GatewayHttpsUrls, nameof(PaasOptions.GatewayHttpsUrls), problems, "https");
        // The control port takes both kinds; URLs of neither scheme have always been ignored there.
        Check(options.ControlUrls, nameof(PaasOptions.ControlUrls), problems, "http", "https");
        if (options.Cluster.SiloPort is < 1 or > 65535)
        {
            problems.Add($"Paas:Cluster:SiloPort {options.Cluster.SiloPort} is not a TCP port: set it to a free port between 1 and 65535.");
        }

        if (options.Cluster.InternalPort is < 1 or > 65535)
        {
            problems.Add($"Paas:Cluster:InternalPort {options.Cluster.InternalPort} is not a TCP port: set it to a free port between 1 and 65535.");
        }
        else if (options.Cluster.InternalPort == options.Cluster.SiloPort)
        {
            problems.Add($"Paas:Cluster:InternalPort {options.Cluster.InternalPort} is also Paas:Cluster:SiloPort: set it to another free port.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Check(string urls, string setting, List<string> problems, params string[] schemes)
    {
        foreach (var url in ListenAddress.Split(urls))
        {
            var scheme = schemes.Length == 1 ? schemes[0] : schemes.FirstOrDefault(s => url.StartsWith(s + "://", StringComparison.OrdinalIgnoreCase));
            if (scheme is not null && !ListenAddress.TryParse(url, scheme, setting, out _, out var problem))
            {
                problems.Add(problem + ".");
            }
        }
    }
}
