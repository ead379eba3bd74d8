namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>A command run in a container: its exit code and its output as text (stderr only when stdout went to a stream).</summary>
public sealed record ExecResult(long ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The output's last non-empty line, for a one-sentence report.</summary>
    public string LastLine => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {ExitCode}";
}
