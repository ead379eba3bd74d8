using System.Globalization;

namespace OrleansPaas.Attachments;

/// <summary>Reads Dokku's port form <c>tcp:HOST:CONTAINER</c> / <c>udp:HOST:CONTAINER</c>; null when fine, else one sentence.</summary>
public static class PortSpec
{
    /// <summary>Host ports below this need <c>--allow-privileged</c>: they are the well-known services' (ssh, http, dns).</summary>
    public const int FirstUnprivileged = 1024;

    public static string? Parse(string spec, bool allowPrivileged, out PortMapping mapping)
    {
        mapping = null!;
        var parts = (spec ?? "").Trim().Split(':');
        if (parts.Length != 3)
        {
            return $"'{spec}' is not a port mapping: write tcp:HOST:CONTAINER or udp:HOST:CONTAINER, e.g. udp:1194:1194";
        }

        var protocol = parts[0].ToLowerInvariant();
        if (protocol is not (PortMapping.Tcp or PortMapping.Udp))
        {
            return $"'{parts[0]}' is not a protocol ports:add publishes: use tcp or udp (HTTP goes through the gateway and domains:add)";
        }

        if (Port(parts[1]) is not { } host)
        {
            return $"host port '{parts[1]}' is not a port number from 1 to 65535";
        }

        if (Port(parts[2]) is not { } container)
        {
            return $"container port '{parts[2]}' is not a port number from 1 to 65535";
        }

        if (host < FirstUnprivileged && !allowPrivileged)
        {
            return $"host port {host} is below {FirstUnprivileged}, a well-known service's; add --allow-privileged to publish it anyway";
        }

        mapping = new PortMapping(protocol, host, container);
        return null;
    }

    private static int? Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : null;
}
