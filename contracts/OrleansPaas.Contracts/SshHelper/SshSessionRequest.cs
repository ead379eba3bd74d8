namespace OrleansPaas.Contracts.SshHelper;

/// <summary>
/// The first line a session helper sends the node (JSON): <see cref="AuthorizedKeysVerb"/> for
/// sshd's key question, or <see cref="CommandVerb"/> with the client's command for a forced-command
/// session and its <paramref name="Client"/> address (the first word of sshd's <c>SSH_CONNECTION</c>).
/// </summary>
public sealed record SshSessionRequest(string Verb, string Fingerprint, string? Command, string? Client = null)
{
    public const string AuthorizedKeysVerb = "authorized-keys";
    public const string CommandVerb = "command";

    /// <summary>Longer first lines are refused: a key fingerprint and a command line are far shorter.</summary>
    public const int MaxLength = 64 * 1024;
}
