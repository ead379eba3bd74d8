namespace OrleansPaas.NodeServices.Services;

/// <summary>
/// The engine objects of one service, named after it (the name is validated by <c>ServiceName</c>):
/// the container's name is also the host name linked apps reach it by on the service's network.
/// </summary>
public static class ServiceResources
{
    public static string Container(string service) => $"paas-service-{service}";

    public static string Network(string service) => $"paas-service-{service}";

    public static string Volume(string service) => $"paas-service-{service}-data";
}
