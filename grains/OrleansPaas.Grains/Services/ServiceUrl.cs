using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>The URL a linked app gets: the service's container name is its host on the service's network.</summary>
public static class ServiceUrl
{
    public static string For(ServiceKind kind, string service, string host, string password)
    {
        var port = ServiceContract.For(kind).Port;
        var secret = Uri.EscapeDataString(password);
        return kind == ServiceKind.Postgres
            ? $"postgres://{ServiceContract.DatabaseOf(service)}:{secret}@{host}:{port}/{ServiceContract.DatabaseOf(service)}"
            : $"redis://:{secret}@{host}:{port}";
    }
}
