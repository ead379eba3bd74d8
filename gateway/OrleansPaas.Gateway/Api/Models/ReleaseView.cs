namespace OrleansPaas.Gateway.Api.Models;

public sealed record ReleaseView(int Version, string Description, string Commit, string Image, DateTimeOffset CreatedAt, string Status, bool Current,
    IReadOnlyDictionary<string, string> Config, IReadOnlyDictionary<string, int> Formation);
