using OrleansPaas.Apps;
using OrleansPaas.Ssh;

namespace OrleansPaas.Grains.Ssh;

/// <summary>
/// The platform's SSH keys. Every check happens before the one write, so a refused key changes
/// nothing; a key is identified by its fingerprint, so the same key cannot be added twice under
/// two names (it would be ambiguous which name, and later which role, a login has).
/// </summary>
public sealed class SshKeysGrain(
    [PersistentState("ssh-keys", GrainStorage.Name)] IPersistentState<SshKeysState> state) : Grain, ISshKeysGrain
{
    public async Task<SshKeyResult> AddAsync(string name, string publicKey, string? role, IReadOnlyList<string> apps)
    {
        if (SshKeyName.Problem(name) is { } nameProblem)
        {
            return SshKeyResult.Invalid("name", nameProblem);
        }

        if (!SshKeyRole.TryParse(role, out var parsedRole))
        {
            return SshKeyResult.Invalid("role", $"the role '{role}' is not one of {string.Join(", ", SshKeyRole.All)}");
        }

        // As for tokens: a key limited to apps acts only on them, and an admin key acts on the platform itself.
        if (parsedRole == SshKeyRole.Admin && apps.Count > 0)
        {
            return SshKeyResult.Invalid("apps", "an admin key covers every app; --app is for deploy and read keys");
        }

        var covered = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var app in apps)
        {
            if (!AppName.TryParse(app, out var appName, out var appProblem))
            {
                return SshKeyResult.Invalid("apps", appProblem);
            }

            covered.Add(appName.Value);
        }

        if (!SshPublicKey.TryParse(publicKey, out var key, out var keyProblem))
        {
            return SshKeyResult.Invalid("key", keyProblem);
        }

        if (state.State.Keys.FirstOrDefault(k => k.Name == name) is not null)
        {
            return SshKeyResult.Conflict($"a key named '{name}' is already added; remove it first or choose another name");
        }

        if (state.State.Keys.FirstOrDefault(k => k.Fingerprint == key.Fingerprint) is { } same)
        {
            return SshKeyResult.Conflict($"this key ({key.Fingerprint}) is already added as '{same.Name}'");
        }

        var added = new SshKey(name, key.Fingerprint, key.Type, key.Bits, key.Base64, parsedRole, DateTimeOffset.UtcNow, [.. covered]);
        state.State.Keys.Add(added);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Keys.Remove(added);
            throw;
        }

        return SshKeyResult.Ok(added);
    }

    public async Task<SshKeyResult> RemoveAsync(string name)
    {
        var index = state.State.Keys.FindIndex(k => k.Name == name);
        if (index < 0)
        {
            return SshKeyResult.NotFound(name);
        }

        var removed = state.State.Keys[index];
        state.State.Keys.RemoveAt(index);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Keys.Insert(index, removed);
            throw;
        }

        return SshKeyResult.Ok(removed);
    }

    public Task<IReadOnlyList<SshKey>> ListAsync() =>
        Task.FromResult<IReadOnlyList<SshKey>>(state.State.Keys.OrderBy(k => k.Name, StringComparer.Ordinal).ToList());

    public Task<SshKey?> FindAsync(string fingerprint) =>
        Task.FromResult(state.State.Keys.FirstOrDefault(k => k.Fingerprint == fingerprint));
}
