using OrleansPaas.Attachments;

namespace OrleansPaas.Tests.Attachments;

public sealed class ExtraPrivilegesTests
{
    [Theory]
    [InlineData("NET_ADMIN", "NET_ADMIN")]
    [InlineData("net_admin", "NET_ADMIN")]
    [InlineData("CAP_NET_RAW", "NET_RAW")]
    public void CapabilityRefusal_AllowListed_IsAcceptedAndNamedAsTheEngineDoes(string given, string expected)
    {
        Assert.Null(ExtraPrivileges.CapabilityRefusal(given, out var capability));
        Assert.Equal(expected, capability);
    }

    [Theory]
    [InlineData("SYS_ADMIN")]
    [InlineData("SYS_MODULE")]
    [InlineData("ALL")]
    [InlineData("SYS_PTRACE")]
    public void CapabilityRefusal_OutsideTheAllowList_NamesTheAllowed(string given) =>
        Assert.Contains("NET_ADMIN, NET_RAW", ExtraPrivileges.CapabilityRefusal(given, out _));

    [Theory]
    [InlineData("/dev/net/tun", true)]
    [InlineData("/dev/sda", false)]
    [InlineData("/dev/mem", false)]
    [InlineData("/dev/net/../sda", false)]
    public void DeviceRefusal_OnlyTheTunnelDevice(string device, bool accepted) =>
        Assert.Equal(accepted, ExtraPrivileges.DeviceRefusal(device) is null);
}
