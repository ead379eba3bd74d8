namespace OrleansPaas.Grains.Tables;

/// <summary>What a gateway last told a table: the version it holds (of which epoch) and when it said so.</summary>
public readonly record struct GatewayReport(Guid Epoch, long Version, DateTimeOffset SeenAt);
