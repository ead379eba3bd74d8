namespace OrleansPaas.Contracts.Domains;

/// <summary>An app's default virtual host and the domains added to it.</summary>
public sealed record DomainsView
{
    public string Default { get; init; } = "";
    public IReadOnlyList<string> Domains { get; init; } = [];
}
