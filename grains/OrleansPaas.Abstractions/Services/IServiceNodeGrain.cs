using Orleans.Concurrency;

namespace OrleansPaas.Services;

/// <summary>
/// The services' side of one node's Docker engine (key = node name, placed on that node's silo like
/// the node grain): a service's container, volume and network. Reports the engine's truth, remembers nothing.
/// </summary>
[Alias("paas.IServiceNodeGrain")]
public interface IServiceNodeGrain : IGrainWithStringKey
{
    /// <summary>Creates the volume and network if missing and starts the container unless it runs; null, or why it could not.</summary>
    [AlwaysInterleave, Alias("EnsureRunning")]
    Task<string?> EnsureRunningAsync(ServiceContainerRequest request);

    /// <summary>running, exited (code), created, or missing.</summary>
    [AlwaysInterleave, Alias("Status")]
    Task<string> StatusAsync(string name);

    /// <summary>Removes the container, the network and the volume (gone ones are ignored).</summary>
    [AlwaysInterleave, Alias("Remove")]
    Task RemoveAsync(string name);

    /// <summary>Takes the app's containers on this node off the service's network (after an unlink).</summary>
    [AlwaysInterleave, Alias("Disconnect")]
    Task DisconnectAppAsync(string name, string app);

    /// <summary>Puts the app's containers on this node on the service's network (after the service came to this node).</summary>
    [AlwaysInterleave, Alias("Connect")]
    Task ConnectAppAsync(string name, string app);

    [AlwaysInterleave, Alias("Tail")]
    Task<IReadOnlyList<string>> TailAsync(string name, int lines);

    /// <summary>The last <paramref name="tail"/> lines, then every new line until the reader stops.</summary>
    [AlwaysInterleave, Alias("Follow")]
    IAsyncEnumerable<string> FollowAsync(string name, int tail, CancellationToken cancellationToken = default);
}
