using System.Net;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Firewall;

namespace OrleansPaas.Tests.Firewall;

public sealed class AppFirewallRulesTests
{
    private static readonly PaasOptions Options = new()
    {
        GatewayUrls = "http://0.0.0.0:80",
        GatewayHttpsUrls = "https://0.0.0.0:443",
        ControlUrls = "http://0.0.0.0:8081;https://0.0.0.0:8444",
        NodeAddress = "10.0.0.5",
    };

    private static List<string> Lines(string script, string chain) =>
        script.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith($"-A {chain} ", StringComparison.Ordinal)).ToList();

    [Fact]
    public void For_Options_GatewayPortsInPlatformPortsAndTheDatabaseOut()
    {
        var rules = AppFirewallRules.For(Options, "br-0123456789ab", [IPAddress.Parse("10.0.0.9")]);

        Assert.Equal([80, 443], rules.GatewayPorts.Order());
        Assert.Equal([8081, 8444, 11111, 11112], rules.PlatformPorts.Order());
        Assert.Contains(IPAddress.Parse("10.0.0.9"), rules.PlatformAddresses);
        Assert.Equal("PAAS-IN-br-0123456789ab", rules.InputChain);
        Assert.True(rules.ForwardChain.Length <= 28, "iptables chain names have at most 28 characters");
    }

    [Fact]
    public void RestoreScript_InputChain_RepliesDnsAndGatewayPortsPassTheRestIsRefusedLast()
    {
        var rules = AppFirewallRules.For(Options, "br-0123456789ab", []);

        var input = Lines(rules.RestoreScript([]), rules.InputChain);

        Assert.Equal("-A PAAS-IN-br-0123456789ab -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT", input[0]);
        Assert.Contains("-A PAAS-IN-br-0123456789ab -p tcp -m tcp --dport 80 -m comment --comment paas-gateway -j ACCEPT", input);
        Assert.Contains("-A PAAS-IN-br-0123456789ab -p tcp -m tcp --dport 443 -m comment --comment paas-gateway -j ACCEPT", input);
        Assert.DoesNotContain(input, l => l.Contains("8081", StringComparison.Ordinal) || l.Contains("11111", StringComparison.Ordinal));
        Assert.Equal("-A PAAS-IN-br-0123456789ab -j REJECT", input[^1]);
    }

    [Fact]
    public void RestoreScript_ForwardChain_RepliesPassPlatformRefusedInternetGoesOn()
    {
        var rules = AppFirewallRules.For(Options, "br-0123456789ab", [IPAddress.Parse("10.0.0.9")]);

        var forward = Lines(rules.RestoreScript([]), rules.ForwardChain);

        Assert.Equal("-A PAAS-OUT-br-0123456789ab -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN", forward[0]);
        Assert.Contains("-A PAAS-OUT-br-0123456789ab -o br-0123456789ab -j REJECT", forward);
        Assert.Contains("-A PAAS-OUT-br-0123456789ab -m conntrack --ctstate DNAT -j REJECT", forward);
        Assert.Contains("-A PAAS-OUT-br-0123456789ab -d 10.0.0.9/32 -j REJECT", forward);
        Assert.Contains("-A PAAS-OUT-br-0123456789ab -p tcp -m tcp --dport 11111 -j REJECT", forward);
        // Another node's gateway stays reachable even at a refused address: its rule comes first.
        Assert.True(forward.IndexOf("-A PAAS-OUT-br-0123456789ab -p tcp -m tcp --dport 443 -j RETURN") < forward.IndexOf("-A PAAS-OUT-br-0123456789ab -d 10.0.0.9/32 -j REJECT"));
        Assert.Equal("-A PAAS-OUT-br-0123456789ab -j RETURN", forward[^1]);
    }

    [Fact]
    public void RestoreScript_DeclaresBothChains_SoRestoringReplacesThemWhole()
    {
        var script = AppFirewallRules.For(Options, "br-0123456789ab", []).RestoreScript([]);

        Assert.StartsWith("*filter\n", script.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(":PAAS-IN-br-0123456789ab - [0:0]", script);
        Assert.Contains(":PAAS-OUT-br-0123456789ab - [0:0]", script);
        Assert.EndsWith("COMMIT", script.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void GatewayPortsIn_AListingOfASharedBridge_KeepsTheOtherNodesPortsOnce()
    {
        var listing = """
            -N PAAS-IN-br-0123456789ab
            -A PAAS-IN-br-0123456789ab -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A PAAS-IN-br-0123456789ab -p udp -m udp --dport 53 -j ACCEPT
            -A PAAS-IN-br-0123456789ab -p tcp -m tcp --dport 41000 -m comment --comment paas-gateway -j ACCEPT
            -A PAAS-IN-br-0123456789ab -p tcp -m tcp --dport 41001 -m comment --comment "paas-gateway" -j ACCEPT
            -A PAAS-IN-br-0123456789ab -j REJECT --reject-with icmp-port-unreachable
            """;
        var rules = AppFirewallRules.For(Options, "br-0123456789ab", []);

        var others = AppFirewallRules.GatewayPortsIn(listing);
        var input = Lines(rules.RestoreScript(others.Append(80)), rules.InputChain);

        Assert.Equal([41000, 41001], others.Order());
        Assert.Single(input, l => l.Contains("--dport 80 ", StringComparison.Ordinal));
        Assert.Single(input, l => l.Contains("--dport 41000 ", StringComparison.Ordinal));
    }
}
