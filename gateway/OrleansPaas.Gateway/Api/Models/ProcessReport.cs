namespace OrleansPaas.Gateway.Api.Models;

public sealed record ProcessReport(string Status, IReadOnlyDictionary<string, int> Formation, IReadOnlyList<InstanceView> Instances, SleepView Sleep);
