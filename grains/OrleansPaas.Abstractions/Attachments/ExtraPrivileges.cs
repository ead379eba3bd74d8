namespace OrleansPaas.Attachments;

/// <summary>
/// What <c>ps:set APP cap-add</c> and <c>ps:set APP device</c> may give an app's containers: a short
/// allow-list, what a VPN server needs (OpenVPN, WireGuard in user space) and nothing that reaches
/// past the container (no SYS_ADMIN, no SYS_MODULE, no raw disks).
/// </summary>
public static class ExtraPrivileges
{
    public const string CapAddKey = "cap-add";
    public const string DeviceKey = "device";

    public static IReadOnlyList<string> Capabilities { get; } = ["NET_ADMIN", "NET_RAW"];

    public static IReadOnlyList<string> Devices { get; } = ["/dev/net/tun"];

    /// <summary>The capability as the engine names it (<c>net_admin</c> and <c>CAP_NET_ADMIN</c> are read as NET_ADMIN), or why not.</summary>
    public static string? CapabilityRefusal(string given, out string capability)
    {
        capability = given.Trim().ToUpperInvariant();
        if (capability.StartsWith("CAP_", StringComparison.Ordinal))
        {
            capability = capability[4..];
        }

        return Capabilities.Contains(capability)
            ? null
            : $"capability '{given}' is not one an app may be given; allowed: {string.Join(", ", Capabilities)}";
    }

    public static string? DeviceRefusal(string given) => Devices.Contains(given.Trim())
        ? null
        : $"device '{given}' is not one an app may be given; allowed: {string.Join(", ", Devices)}";
}
