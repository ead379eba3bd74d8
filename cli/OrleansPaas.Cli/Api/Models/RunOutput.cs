namespace OrleansPaas.Cli.Api.Models;

/// <summary>
/// One line of an NDJSON output stream (<c>run</c>, <c>deploy-image</c>): either output
/// (<see cref="Stream"/> + <see cref="Text"/>) or, last, the <see cref="ExitCode"/>.
/// </summary>
internal sealed record RunOutput
{
    public string? Stream { get; init; }
    public string? Text { get; init; }
    public int? ExitCode { get; init; }
}
