using Orleans.Concurrency;

namespace OrleansPaas.Attachments;

/// <summary>One host port of the cluster (key = <see cref="PortMapping.HostKey"/>, e.g. <c>udp/1194</c>) and the app holding it; one holder at most.</summary>
[Alias("paas.IHostPortGrain")]
public interface IHostPortGrain : IGrainWithStringKey
{
    /// <summary>Claims the port for <paramref name="app"/>; returns the holder afterwards (another app's name means refused).</summary>
    [Alias("Claim")]
    Task<string> ClaimAsync(string app);

    [Alias("Release")]
    Task ReleaseAsync(string app);

    [AlwaysInterleave, Alias("Holder")]
    Task<string?> HolderAsync();
}
