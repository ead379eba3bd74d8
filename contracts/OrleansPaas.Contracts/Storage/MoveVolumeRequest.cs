namespace OrleansPaas.Contracts.Storage;

/// <summary>Body of <c>POST /api/apps/{app}/storage/volumes/{volume}/move</c> (<c>storage:move APP VOLUME NODE</c>); answered with NDJSON progress.</summary>
public sealed record MoveVolumeRequest(string Node);
