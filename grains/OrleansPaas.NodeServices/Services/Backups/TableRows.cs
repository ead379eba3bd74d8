namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>One table of a PostgreSQL backup (<c>schema.table</c>) and its rows at the dump's snapshot.</summary>
[GenerateSerializer, Immutable, Alias("paas.TableRows")]
public sealed record TableRows([property: Id(0)] string Table, [property: Id(1)] long Rows);
