namespace OrleansPaas.NodeServices.Backup;

/// <summary>What an archive holds, for the one line the node's verb prints.</summary>
public sealed record BackupSummary(IReadOnlyList<string> Apps, IReadOnlyList<string> Images);
