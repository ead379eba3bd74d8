namespace OrleansPaas.Contracts.Services;

/// <summary><c>PUT /api/services/{name}/backup-schedules</c>: a cron expression and how many of the newest backups to keep (default 14).</summary>
public sealed record SetBackupScheduleRequest(string? Cron, int? Keep);
