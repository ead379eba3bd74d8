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
    [property: Id(6)] DateTimeOffset AddedAt,
    [property: Id(7)] IReadOnlyList<string>? Apps = null)
{
    public string AuthorizedKeysEntry => $"{Type} {Base64}";

    /// <summary>The apps the key is limited to; empty for every app (and for keys added before keys had apps).</summary>
    public IReadOnlyList<string> CoveredApps => Apps ?? [];

    // By value, apps too: a key read back from storage or another node is the same key.
    public bool Equals(SshKey? other) => other is not null && Name == other.Name && Fingerprint == other.Fingerprint && Type == other.Type
        && Bits == other.Bits && Base64 == other.Base64 && Role == other.Role && AddedAt == other.AddedAt && CoveredApps.SequenceEqual(other.CoveredApps);

    public override int GetHashCode() => HashCode.Combine(Name, Fingerprint, Role, AddedAt);
}
