namespace OrleansPaas.Contracts.SshKeys;

/// <summary>
/// One added SSH key as <c>GET /api/ssh-keys</c> lists it (the key itself is not repeated); apps empty
/// (or absent, from a node older than keys limited to apps): every app.
/// </summary>
public sealed record SshKeyView(string Name, string Fingerprint, string Type, int Bits, string Role, DateTimeOffset AddedAt, IReadOnlyList<string>? Apps = null);
