namespace OrleansPaas.Cli.Api.Models;

/// <summary>The app's config vars; <see cref="Release"/> is set after a change that restarted it.</summary>
internal sealed record ConfigReport
{
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();
    public int? Release { get; init; }
}
