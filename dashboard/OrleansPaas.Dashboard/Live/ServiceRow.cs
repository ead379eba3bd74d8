namespace OrleansPaas.Dashboard.Live;

/// <summary>
/// One backing service on the services page: what <c>services:info</c> shows, with its newest backup
/// (<see cref="LastBackup"/> null: none yet) and that backup's verification — a failed one is shown, with why.
/// </summary>
public sealed record ServiceRow(string Name, string Kind, string Version, string Node, string Status, IReadOnlyList<string> Links,
    string? LastBackup, DateTimeOffset? LastBackupAt, string? Verification, string? VerificationDetail);
