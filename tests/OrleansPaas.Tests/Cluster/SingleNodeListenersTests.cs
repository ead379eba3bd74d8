using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Cluster;

public sealed class SingleNodeListenersTests
{
    [Fact]
    public async Task SingleNode_Default_ListensOnItsOwnPortsOnlyWithTheSiloOnLoopback()
    {
        await using var node = new PaasNode();
        await node.StartAsync();

        var endpoints = await Listeners.TcpEndpointsAsync(node.ProcessId);

        // No Orleans client gateway; the silo port and the internal listener are for this machine only.
        Assert.Equal(new[] { node.GatewayPort, node.GatewayHttpsPort, node.ControlPort, node.SiloPort, node.InternalPort }.Order(), endpoints.Select(e => e.Port).Order());
        Assert.Contains(("127.0.0.1", node.SiloPort), endpoints);
        Assert.Contains(("127.0.0.1", node.InternalPort), endpoints);
    }
}
