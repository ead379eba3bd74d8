using OrleansPaas.Attachments;

namespace OrleansPaas.Tests.Attachments;

public sealed class PortSpecTests
{
    [Theory]
    [InlineData("tcp:2222:22", "tcp", 2222, 22)]
    [InlineData("udp:51820:51820", "udp", 51820, 51820)]
    [InlineData("UDP:1194:1194", "udp", 1194, 1194)]
    [InlineData(" tcp:65535:1 ", "tcp", 65535, 1)]
    public void Parse_Mapping_GivesProtocolAndPorts(string spec, string protocol, int host, int container)
    {
        Assert.Null(PortSpec.Parse(spec, allowPrivileged: false, out var mapping));
        Assert.Equal(new PortMapping(protocol, host, container), mapping);
        Assert.Equal($"{protocol}/{host}", mapping.HostKey);
    }

    [Theory]
    [InlineData("tcp:2222")]
    [InlineData("2222:22")]
    [InlineData("http:80:5000")]
    [InlineData("sctp:2222:22")]
    [InlineData("tcp:0:22")]
    [InlineData("tcp:65536:22")]
    [InlineData("tcp:-1:22")]
    [InlineData("tcp:22a:22")]
    [InlineData("udp:1194:0")]
    [InlineData("udp:1194:1194:1")]
    [InlineData("")]
    public void Parse_Malformed_IsOneSentence(string spec)
    {
        var refusal = PortSpec.Parse(spec, allowPrivileged: true, out _);
        Assert.NotNull(refusal);
        Assert.DoesNotContain('\n', refusal);
    }

    [Fact]
    public void Parse_PrivilegedHostPort_NeedsTheFlag()
    {
        Assert.Contains("--allow-privileged", PortSpec.Parse("udp:53:5353", allowPrivileged: false, out _));
        Assert.Null(PortSpec.Parse("udp:53:5353", allowPrivileged: true, out var mapping));
        Assert.Equal(53, mapping.HostPort);
        // Only the host side is privileged: a container port below 1024 is the app's own business.
        Assert.Null(PortSpec.Parse("tcp:2222:22", allowPrivileged: false, out _));
    }
}
