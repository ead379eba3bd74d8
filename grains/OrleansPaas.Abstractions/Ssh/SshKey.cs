namespace OrleansPaas.Ssh;

/// <summary>An added SSH key: cluster-wide platform state, kept by <see cref="ISshKeysGrain"/>.</summary>
[GenerateSerializer, Immutable, Alias("paas.SshKey")]
public sealed record SshKey(
    [property: Id(0)] string Name,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] string Type,
    [property: Id(3)] int Bits,
    [property: Id(4)] string Base64,
    [property: Id(5)] string Role,
    [property: Id(6)] DateTimeOffset AddedAt)
{
    public string AuthorizedKeysEntry => $"{Type} {Base64}";
}
