namespace OrleansPaas.Gateway.Api.Models;

public sealed record AppDetails(
    string Name,
    string Url,
    string Status,
    DateTimeOffset? CreatedAt,
    ReleaseView? Release,
    IReadOnlyList<string> Domains,
    IReadOnlyDictionary<string, int> Formation,
    IReadOnlyList<InstanceView> Instances,
    int ConfigVars,
    long ImageBytes);
