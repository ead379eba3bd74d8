namespace OrleansPaas.NodeServices.Processes;

/// <summary>How a short program ended and what it printed on each stream.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary><c>var (exitCode, said) = …</c>: the exit code and <see cref="Everything"/>.</summary>
    public void Deconstruct(out int exitCode, out string everything) => (exitCode, everything) = (ExitCode, Everything);

    /// <summary>Both streams, output first: what a person would have seen in a terminal.</summary>
    public string Everything => Output + Error;

    /// <summary>Why it failed in one line: its error output, or its output when it wrote no error.</summary>
    public string Reason => (Error.Trim().Length > 0 ? Error : Output).Trim().ReplaceLineEndings(" ");
}
