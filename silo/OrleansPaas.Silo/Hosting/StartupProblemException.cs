namespace OrleansPaas.Silo.Hosting;

/// <summary>Start-up checks found things outside the settings to fix: one sentence each, saying what.</summary>
public sealed class StartupProblemException(IReadOnlyList<string> sentences) : Exception(string.Join(" ", sentences))
{
    public IReadOnlyList<string> Sentences { get; } = sentences;
}
