using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;
using OrleansPaas.NodeServices.Firewall;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// Fences the apps' bridge before anything runs on it (<see cref="AppFirewallRules"/>), when
/// <c>Paas:Deploy:Firewall</c> is on and the engine is on this machine (its bridge is in this host's
/// firewall). A node that should fence its apps and cannot does not start.
/// </summary>
public static class AppFirewallPreflight
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>One sentence naming the setting, or null when fenced (or not this node's to fence).</summary>
    public static async Task<string?> InstallAsync(PaasOptions options, CancellationToken cancellationToken)
    {
        if (!options.Deploy.Firewall || !options.DockerEndpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            return null;
        }

        string? failure;
        try
        {
            // Start-up waits for this: an engine or iptables that hangs is a failure, not a hung node.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InstallTimeout);
            using var docker = DockerClientProvider.Create(options.DockerEndpoint);
            var bridge = await AppNetwork.EnsureBridgeAsync(docker, options.Deploy.Network, timeout.Token);
            // Only a cluster node asks its database (a single node never loads Npgsql at all).
            var platform = options.Cluster.IsClusterMode ? await ClusterPlatformAddresses.FindAsync(options, timeout.Token) : [];
            failure = await AppFirewall.InstallAsync(AppFirewallRules.For(options, bridge, platform), timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = ex.GetBaseException().Message;
        }

        return failure is null ? null
            : $"The node cannot install the iptables rules that keep apps away from the platform ({OneLine.Of(failure)}): " +
              "run it as root on a machine with iptables, or set Paas:Deploy:Firewall=false when the engine's firewall is kept by other means.";
    }
}
