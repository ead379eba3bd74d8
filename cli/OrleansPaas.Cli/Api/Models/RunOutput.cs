namespace OrleansPaas.Cli.Api.Models;

/// <summary>
/// One line of the <c>run</c> NDJSON stream: either output (<see cref="Stream"/> + <see cref="Text"/>)
/// or, last, the <see cref="ExitCode"/>.
/// </summary>
internal sealed record RunOutput
{
    public string? Stream { get; init; }
    public string? Text { get; init; }
    public int? ExitCode { get; init; }
}
