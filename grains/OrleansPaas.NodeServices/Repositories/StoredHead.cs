namespace OrleansPaas.NodeServices.Repositories;

/// <summary>What the cluster knows of an app's repository: its deploy ref and the commit it points at.</summary>
public sealed record StoredHead(string RefName, string Commit, long PackBytes, DateTimeOffset UpdatedAt);
