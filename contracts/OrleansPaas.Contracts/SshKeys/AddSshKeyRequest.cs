namespace OrleansPaas.Contracts.SshKeys;

/// <summary>
/// Body of <c>POST /api/ssh-keys</c>: the public key line as in a <c>.pub</c> file; role <c>admin</c>
/// (default), <c>deploy</c> or <c>read</c>; apps the key is limited to (none: every app).
/// </summary>
public sealed record AddSshKeyRequest(string? Name, string? Key, string? Role, IReadOnlyList<string>? Apps = null);
