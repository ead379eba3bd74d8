namespace OrleansPaas.Contracts.Config;

/// <summary>An app's config vars; <see cref="Release"/> is the release a change restarted the app with (else null).</summary>
public sealed record ConfigView
{
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>();
    public int? Release { get; init; }
}
