namespace OrleansPaas.Ssh;

/// <summary>The outcome of adding or removing a key; refusals are values with one sentence.</summary>
[GenerateSerializer, Immutable, Alias("paas.SshKeyResult")]
public sealed record SshKeyResult(
    [property: Id(0)] SshKeyStatus Status,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Field,
    [property: Id(3)] SshKey? Key)
{
    public static SshKeyResult Ok(SshKey key) => new(SshKeyStatus.Ok, null, null, key);
    public static SshKeyResult NotFound(string name) => new(SshKeyStatus.NotFound, $"no SSH key is named '{name}'", null, null);
    public static SshKeyResult Invalid(string field, string error) => new(SshKeyStatus.Invalid, error, field, null);
    public static SshKeyResult Conflict(string error) => new(SshKeyStatus.Conflict, error, null, null);
}

[GenerateSerializer, Alias("paas.SshKeyStatus")]
public enum SshKeyStatus
{
    Ok = 0,
    NotFound = 1,
    Invalid = 2,
    Conflict = 3,
}
