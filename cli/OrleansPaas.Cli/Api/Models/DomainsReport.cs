namespace OrleansPaas.Cli.Api.Models;

/// <summary>The app's default virtual host and the domains added to it.</summary>
internal sealed record DomainsReport
{
    public string Default { get; init; } = "";
    public IReadOnlyList<string> Domains { get; init; } = [];
}
