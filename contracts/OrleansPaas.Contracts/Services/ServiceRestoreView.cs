namespace OrleansPaas.Contracts.Services;

/// <summary>A restore that succeeded: which backup, how long it took, and what the service holds now (as the backup's manifest counts it).</summary>
public sealed record ServiceRestoreView(string Id, string From, double Seconds, string? Restored);
