using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Routing;

public static class ListenAddressKestrelExtensions
{
    /// <summary>A Kestrel listener on <paramref name="address"/>; localhost is both loopbacks, as Kestrel reads it.</summary>
    public static void ListenOn(this KestrelServerOptions kestrel, ListenAddress address, Action<ListenOptions> configure)
    {
        if (address.Address is null)
        {
            kestrel.ListenLocalhost(address.Port, configure);
        }
        else
        {
            kestrel.Listen(address.Address, address.Port, configure);
        }
    }
}
