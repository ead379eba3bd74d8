using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Services;

/// <summary>
/// Puts a new container of an app on the networks of the services the app is linked to, after it is
/// created and before it starts, so the service's host name resolves from its first instruction.
/// </summary>
public interface IServiceNetworks
{
    Task JoinAsync(AppName app, string containerId, CancellationToken cancellationToken);
}
