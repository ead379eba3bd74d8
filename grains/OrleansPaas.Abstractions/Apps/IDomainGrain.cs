using Orleans.Concurrency;

namespace OrleansPaas.Apps;

/// <summary>One host name (key = the normalized domain) and the app that owns it; one owner at most.</summary>
[Alias("paas.IDomainGrain")]
public interface IDomainGrain : IGrainWithStringKey
{
    /// <summary>Claims the domain for <paramref name="app"/>; returns the owner afterwards (another app's name means refused).</summary>
    [Alias("Claim")]
    Task<string> ClaimAsync(string app);

    [Alias("Release")]
    Task ReleaseAsync(string app);

    [AlwaysInterleave, Alias("Owner")]
    Task<string?> OwnerAsync();
}
