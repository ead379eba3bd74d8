namespace OrleansPaas.Contracts.Services;

/// <summary>
/// <c>POST /api/services/{name}/restore</c>: backup <c>Id</c> of service <c>From</c> (null: the same service), of the same kind;
/// with <c>Into</c>, backup <c>Id</c> of this service becomes the new service <c>Into</c> (this one untouched); with
/// <c>Node</c>, this service (its node lost) is made again on that node from backup <c>Id</c>, answered with NDJSON progress.
/// </summary>
public sealed record RestoreServiceRequest(string? Id, string? From = null, string? Into = null, string? Node = null);
