namespace OrleansPaas.Contracts.Storage;

/// <summary>Body of <c>POST /api/apps/{app}/storage/volumes</c> (<c>storage:create APP NAME /container/path</c>).</summary>
public sealed record CreateVolumeRequest(string Name, string ContainerPath);
