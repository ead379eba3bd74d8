using Orleans.Concurrency;

namespace OrleansPaas.Ssh;

/// <summary>
/// The SSH keys that may push and run commands (key 0): platform state, so a key added through any
/// node is known to every node's sshd at once (each asks this grain on every login).
/// </summary>
[Alias("paas.ISshKeysGrain")]
public interface ISshKeysGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Refused, changing nothing, when the name, role, key or an app name is invalid, an admin key is
    /// limited to apps, or the name or key is already added. <paramref name="apps"/> empty: every app.
    /// </summary>
    [Alias("Add")]
    Task<SshKeyResult> AddAsync(string name, string publicKey, string? role, IReadOnlyList<string> apps);

    [Alias("Remove")]
    Task<SshKeyResult> RemoveAsync(string name);

    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<SshKey>> ListAsync();

    /// <summary>The key with this SHA256 fingerprint (<c>SHA256:…</c>, as sshd's <c>%f</c>), or null.</summary>
    [AlwaysInterleave, Alias("Find")]
    Task<SshKey?> FindAsync(string fingerprint);
}
