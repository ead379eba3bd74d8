namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Whether an instance came up, and if not, why (with its last output).</summary>
public sealed record ReadinessResult(bool Ready, string? Problem)
{
    public static ReadinessResult Answered { get; } = new(true, null);
    public static ReadinessResult Failed(string problem) => new(false, problem);
}
