using OrleansPaas.Attachments;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// The TCP ports the platform itself listens on, from its settings (a cluster's nodes share them, as
/// the cluster guide has it): an app may not publish one of them.
/// </summary>
public static class PlatformPorts
{
    /// <summary>Which of the platform's listeners holds <paramref name="port"/>, as a phrase; null when none does.</summary>
    public static string? Holder(PaasOptions options, PortMapping port)
    {
        if (port.Protocol != PortMapping.Tcp)
        {
            return null;
        }

        return Listeners(options).FirstOrDefault(l => l.Port == port.HostPort).Name;
    }

    private static IEnumerable<(int Port, string Name)> Listeners(PaasOptions options)
    {
        foreach (var gateway in Ports(options.GatewayUrls))
        {
            yield return (gateway, "the platform's app gateway (Paas:GatewayUrls)");
        }

        foreach (var https in Ports(options.GatewayHttpsUrls))
        {
            yield return (https, "the platform's HTTPS gateway (Paas:GatewayHttpsUrls)");
        }

        foreach (var control in Ports(options.ControlUrls))
        {
            yield return (control, "the platform's control port (Paas:ControlUrls)");
        }

        yield return (options.Cluster.SiloPort, "the platform's silo port (Paas:Cluster:SiloPort)");
        yield return (options.Cluster.InternalPort, "the platform's internal port (Paas:Cluster:InternalPort)");
        if (options.Ssh.Enabled && System.Net.IPEndPoint.TryParse(options.Ssh.Listen!.Trim(), out var ssh))
        {
            yield return (ssh.Port, "the platform's SSH (Paas:Ssh:Listen)");
        }
    }

    /// <summary>The ports of a URL list; a URL the node itself would refuse at start counts for nothing here.</summary>
    private static IEnumerable<int> Ports(string urls) =>
        ListenAddress.Split(urls).Select(u => Uri.TryCreate(u.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri) ? uri.Port : 0).Where(p => p > 0);
}
