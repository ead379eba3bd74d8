namespace OrleansPaas.Cli.Tests.Support;

/// <summary>Runs the whole CLI in-process and captures what it wrote, as a shell would see it.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(environment, CancellationToken.None, args);

    /// <param name="cancellationToken">Stands for Ctrl-C.</param>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = await PaasCommandLine.RunAsync(args, stdout, stderr, environment, cancellationToken);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the CLI as if started in <paramref name="directory"/> with <paramref name="input"/> piped to it.</summary>
    public static async Task<CliRun> RunInAsync(IReadOnlyDictionary<string, string> environment, string directory, string? input, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = await PaasCommandLine.RunAsync(args, stdout, stderr, environment, CancellationToken.None, input is null ? null : new StringReader(input), directory);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
