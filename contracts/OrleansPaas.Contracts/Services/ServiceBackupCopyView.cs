namespace OrleansPaas.Contracts.Services;

/// <summary>A backup's copy beyond the directory: to which target (<c>s3</c>), whether it was stored, when, and what happened (why not, when it failed).</summary>
public sealed record ServiceBackupCopyView(string Target, bool Stored, DateTimeOffset At, string Detail);
