namespace OrleansPaas.Tls;

/// <summary>
/// The cluster's ACME account key for one directory (key = the directory URL): made once, kept in
/// cluster state, so every node orders with the same account.
/// </summary>
[Alias("paas.IAcmeAccountGrain")]
public interface IAcmeAccountGrain : IGrainWithStringKey
{
    /// <summary>The account key (PKCS#8), created on first use.</summary>
    [Alias("GetOrCreateKey")]
    Task<byte[]> GetOrCreateKeyAsync();
}
