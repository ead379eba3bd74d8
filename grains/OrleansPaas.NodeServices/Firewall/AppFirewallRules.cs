using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Firewall;

/// <summary>
/// The iptables rules that fence one apps' bridge: its containers reach the internet and, of the
/// platform, only the public gateway. Two chains of the node's own, named after the bridge (so
/// nodes sharing an engine and a network share them, and nothing else is touched):
/// <list type="bullet">
/// <item><c>PAAS-IN-&lt;bridge&gt;</c>, jumped to from INPUT: what a container sends to this host itself (any of
/// its addresses: control, silo, internal and published ports, a local database). Replies, DNS, and the
/// gateway's ports pass; the rest is refused.</item>
/// <item><c>PAAS-OUT-&lt;bridge&gt;</c>, jumped to from DOCKER-USER: what a container sends on to other machines.
/// Replies pass (other nodes' gateways reach the instances here); refused are other containers on
/// the bridge, published ports of this host reached through the engine's DNAT, the cluster's
/// database and node addresses (but for their gateway ports), and the platform's own ports anywhere;
/// the rest goes on (the internet).</item>
/// </list>
/// </summary>
public sealed partial record AppFirewallRules(
    string Bridge, IReadOnlyCollection<int> GatewayPorts, IReadOnlyCollection<IPAddress> PlatformAddresses, IReadOnlyCollection<int> PlatformPorts)
{
    /// <summary>Marks the gateway rules, so nodes sharing one bridge keep each other's ports (<see cref="GatewayPortsIn"/>).</summary>
    private const string GatewayComment = "paas-gateway";

    /// <summary>
    /// This node's rules: its gateway ports are the way in; its control, silo and internal ports are
    /// refused anywhere (a cluster's nodes listen on the same settings, as the cluster guide has them),
    /// and so are <paramref name="databaseAddresses"/>.
    /// </summary>
    public static AppFirewallRules For(PaasOptions options, string bridge, IReadOnlyCollection<IPAddress> databaseAddresses)
    {
        var gateway = ListenAddress.ParseList(options.GatewayUrls, "http", nameof(PaasOptions.GatewayUrls))
            .Concat(ListenAddress.ParseList(options.GatewayHttpsUrls, "https", nameof(PaasOptions.GatewayHttpsUrls)))
            .Select(a => a.Port).ToList();
        var control = ListenAddress.Split(options.ControlUrls)
            .Select(u => ListenAddress.Parse(u, u.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https" : "http", nameof(PaasOptions.ControlUrls)).Port);
        var platformPorts = control.Append(options.Cluster.SiloPort).Append(options.Cluster.InternalPort).ToList();
        var addresses = databaseAddresses.ToList();
        if (IPAddress.TryParse(options.NodeAddress, out var node) && !IPAddress.IsLoopback(node))
        {
            addresses.Add(node);
        }

        return new AppFirewallRules(bridge, gateway, addresses, platformPorts);
    }

    public string InputChain => "PAAS-IN-" + Bridge;

    public string ForwardChain => "PAAS-OUT-" + Bridge;

    /// <summary>
    /// The input to <c>iptables-restore --noflush</c>: declaring a chain there empties it, so both chains
    /// are replaced whole in one transaction (a restart never duplicates a rule, and no moment passes
    /// with a chain half filled). <paramref name="otherGatewayPorts"/>: ports other nodes on this bridge allowed.
    /// </summary>
    public string RestoreScript(IEnumerable<int> otherGatewayPorts)
    {
        var script = new StringBuilder();
        script.AppendLine("*filter");
        script.AppendLine(CultureInfo.InvariantCulture, $":{InputChain} - [0:0]");
        Line(script, InputChain, "-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT");
        // The engine's resolver forwards from the container's namespace, but a resolver on the node
        // (dnsmasq, a cache) may be what it forwards to: names keep resolving.
        Line(script, InputChain, "-p udp -m udp --dport 53 -j ACCEPT");
        Line(script, InputChain, "-p tcp -m tcp --dport 53 -j ACCEPT");
        foreach (var port in GatewayPorts.Concat(otherGatewayPorts).Where(p => p > 0).Distinct().Order())
        {
            Line(script, InputChain, $"-p tcp -m tcp --dport {port} -m comment --comment {GatewayComment} -j ACCEPT");
        }

        Line(script, InputChain, "-j REJECT");

        script.AppendLine(CultureInfo.InvariantCulture, $":{ForwardChain} - [0:0]");
        Line(script, ForwardChain, "-m conntrack --ctstate ESTABLISHED,RELATED -j RETURN");
        Line(script, ForwardChain, $"-o {Bridge} -j REJECT");
        Line(script, ForwardChain, "-m conntrack --ctstate DNAT -j REJECT");
        // Another node's gateway is the public way in (an app calling another app's domain lands there).
        foreach (var port in GatewayPorts.Where(p => p > 0).Distinct().Order())
        {
            Line(script, ForwardChain, $"-p tcp -m tcp --dport {port} -j RETURN");
        }

        foreach (var address in PlatformAddresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).Distinct())
        {
            Line(script, ForwardChain, $"-d {address}/32 -j REJECT");
        }

        foreach (var port in PlatformPorts.Where(p => p > 0).Distinct().Order())
        {
            Line(script, ForwardChain, $"-p tcp -m tcp --dport {port} -j REJECT");
        }

        Line(script, ForwardChain, "-j RETURN");
        script.AppendLine("COMMIT");
        return script.ToString();
    }

    /// <summary>The gateway ports an <c>iptables -S</c> listing of the input chain allows (other nodes' on a shared bridge).</summary>
    public static IReadOnlySet<int> GatewayPortsIn(string listing) =>
        GatewayRule().Matches(listing).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();

    private static void Line(StringBuilder script, string chain, string rule) =>
        script.AppendLine(CultureInfo.InvariantCulture, $"-A {chain} {rule}");

    [GeneratedRegex("--dport (\\d+) -m comment --comment \"?" + GatewayComment + "\"?")]
    private static partial Regex GatewayRule();
}
