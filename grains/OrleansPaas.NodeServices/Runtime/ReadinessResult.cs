namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Whether an instance came up, and if not, why (with its last output) and its exit code when its process exited.</summary>
public sealed record ReadinessResult(bool Ready, string? Problem, long? ExitCode = null)
{
    public static ReadinessResult Answered { get; } = new(true, null);
    public static ReadinessResult Failed(string problem, long? exitCode = null) => new(false, problem, exitCode);
}
