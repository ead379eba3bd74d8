namespace OrleansPaas.Gateway.Api.Models;

public sealed record AppSummary(string Name, string Url, string Status, int? Release, int Instances, string SleepAfter, DateTimeOffset? LastWakeAt);
