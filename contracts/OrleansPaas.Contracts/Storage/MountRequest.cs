namespace OrleansPaas.Contracts.Storage;

/// <summary>Body of <c>POST /api/apps/{app}/storage/mounts</c> (<c>storage:mount APP /host/path:/container/path</c>; admin only).</summary>
public sealed record MountRequest(string HostPath, string ContainerPath);
