using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli;

/// <summary>
/// A failure the user can act on. Its message is what the CLI prints, alone, on stderr, so it is
/// forced onto one line here: scripts and people both read exactly one line per failure.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string message)
        : base(SingleLine.From(message))
    {
    }

    public CliException(string message, Exception innerException)
        : base(SingleLine.From(message), innerException)
    {
    }
}
