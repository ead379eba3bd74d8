using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// The node's own iptables rules (Paas:Deploy:Firewall) with the real engine: from inside an app's
/// container the platform is reachable only through the gateway.
/// </summary>
public sealed class AppFirewallTests
{
    [Fact]
    public async Task AppContainer_ReachesTheGatewayOnly_NotTheControlSiloInternalPortsNorAnotherAppsPort()
    {
        // A network of its own: its chains hold this node's gateway ports alone (nodes sharing a bridge
        // add theirs, and a finished node's port number may come back as this node's control port).
        var network = "paasfw-" + Guid.NewGuid().ToString("N")[..6];
        try
        {
            await ReachAsync(network);
        }
        finally
        {
            await RemoveNetworkAndChainsAsync(network);
        }
    }

    private static async Task ReachAsync(string networkName)
    {
        // Everything on all addresses, and instances published on the machine's own address, as on a
        // real node: without the rules a container would reach each of them through its bridge.
        var settings = new List<string>();
        await using var node = new PaasNode(settings: settings);
        var machine = MachineAddress();
        settings.AddRange([
            $"--Paas:GatewayUrls=http://0.0.0.0:{node.GatewayPort}",
            $"--Paas:ControlUrls=http://0.0.0.0:{node.ControlPort}",
            $"--Paas:NodeAddress={machine}",
            $"--Paas:Deploy:Network={networkName}",
        ]);
        await node.StartAsync();
        var first = NodeFixture.NewAppName("fenced");
        var second = NodeFixture.NewAppName("other");
        foreach (var (app, body) in new[] { (first, "first app"), (second, "second app") })
        {
            using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), body);
            var push = await source.PushAsync(node.RemoteUrl(app));
            Assert.True(push.ExitCode == 0, push.Output);
        }

        using var docker = PaasNode.Docker();
        var from = Assert.Single(await node.ContainersAsync(first)).ID;
        var published = (int)Assert.Single(await node.ContainersAsync(second)).Ports.First(p => p.PublicPort != 0).PublicPort;
        var network = await docker.Networks.InspectNetworkAsync(networkName);
        var host = network.IPAM.Config.First(c => !string.IsNullOrEmpty(c.Gateway)).Gateway;

        // The public way in answers from inside the container, and serves the other app by its name.
        var viaGateway = await Poll.UntilAsync(
            // A request by hand through busybox nc (its wget crashes on --header); a fixed string, no input of ours.
            // nc half-closes the connection when its input ends, and Kestrel takes that as the client gone and
            // drops the request unless the answer was quicker: the input stays open until the answer has come
            // (the gateway closes an HTTP/1.0 connection after it), at most 3 s.
            () => ProcessRunner.RunAsync("docker", ["exec", from, "sh", "-c", $"{{ printf 'GET / HTTP/1.0\\r\\nHost: {second}.{PaasNode.Domain}\\r\\n\\r\\n'; sleep 3; }} | nc -w 3 {host} {node.GatewayPort}"],
                timeout: TimeSpan.FromSeconds(30)),
            r => r.Output.Contains("second app", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the gateway to answer from inside the container");
        Assert.Contains("second app", viaGateway.Output);

        Assert.True(await ConnectsAsync(from, host, node.GatewayPort), "the gateway port is the way in");
        Assert.False(await ConnectsAsync(from, host, node.ControlPort), "control port");
        Assert.False(await ConnectsAsync(from, machine.ToString(), node.ControlPort), "control port on the machine's address");
        Assert.False(await ConnectsAsync(from, host, node.SiloPort), "silo port");
        Assert.False(await ConnectsAsync(from, host, node.InternalPort), "internal port");
        Assert.False(await ConnectsAsync(from, machine.ToString(), published), "another app's published port");
        Assert.False(await ConnectsAsync(from, host, published), "another app's published port on the bridge address");
    }

    /// <summary>The node leaves its chains (README); a test's own network takes them with it.</summary>
    private static async Task RemoveNetworkAndChainsAsync(string networkName)
    {
        using var docker = PaasNode.Docker();
        var network = (await docker.Networks.ListNetworksAsync()).FirstOrDefault(n => n.Name == networkName);
        if (network is null)
        {
            return;
        }

        var bridge = "br-" + network.ID[..12];
        await docker.Networks.DeleteNetworkAsync(network.ID);
        foreach (var (from, chain) in new[] { ("INPUT", "PAAS-IN-" + bridge), ("DOCKER-USER", "PAAS-OUT-" + bridge) })
        {
            await ProcessRunner.RunAsync("iptables", ["-w", "-D", from, "-i", bridge, "-j", chain]);
            await ProcessRunner.RunAsync("iptables", ["-w", "-F", chain]);
            await ProcessRunner.RunAsync("iptables", ["-w", "-X", chain]);
        }
    }

    [Fact]
    public async Task Start_IptablesMissing_ExitsNamingTheFirewallSetting()
    {
        // A PATH without iptables: the node cannot fence its apps, so it does not start.
        var empty = Directory.CreateTempSubdirectory("paas-no-iptables-").FullName;
        await using var node = new PaasNode { Environment = new Dictionary<string, string> { ["PATH"] = empty } };

        await node.LaunchAsync();
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var said = node.StandardError.ToString().Trim();
        Assert.Contains("Paas:Deploy:Firewall", said);
        Assert.Single(said.Split('\n'));
    }

    /// <summary>busybox nc from inside the container: 0 once connected (then it runs `true` and ends), 1 when refused or timed out.</summary>
    private static async Task<bool> ConnectsAsync(string container, string address, int port)
    {
        var result = await ProcessRunner.RunAsync("docker", ["exec", container, "nc", "-w", "3", address, port.ToString(), "-e", "true"],
            timeout: TimeSpan.FromSeconds(30));
        return result.ExitCode == 0;
    }

    /// <summary>The machine's own address on its network (not loopback, not a container bridge).</summary>
    private static IPAddress MachineAddress()
    {
        var bridges = new[] { "br-", "docker", "veth", "paasbr" };
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback
                && !bridges.Any(b => i.Name.StartsWith(b, StringComparison.Ordinal)))
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        return address ?? throw new InvalidOperationException("this machine has no IPv4 address besides loopback and bridges");
    }
}
