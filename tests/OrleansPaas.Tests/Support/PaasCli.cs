namespace OrleansPaas.Tests.Support;

/// <summary>The real <c>paas</c> command (the CLI's build output), pointed at a node through PAAS_URL and PAAS_TOKEN.</summary>
public sealed class PaasCli(PaasNode node, string? token = null)
{
    private static string CliDll => Path.Combine(RepositoryRoot.Path, "cli", "OrleansPaas.Cli", "bin", PaasNode.BuildConfiguration, "net10.0", "paas.dll");

    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [CliDll, .. arguments], Path.GetTempPath(), new Dictionary<string, string>
        {
            ["PAAS_URL"] = node.ControlUrl,
            ["PAAS_TOKEN"] = token ?? node.Token,
        }, TimeSpan.FromMinutes(3));

    /// <summary>Runs a command that must succeed, and returns its standard output.</summary>
    public async Task<string> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"paas {string.Join(' ', arguments)} → {result}");
        return result.StandardOutput;
    }

    /// <summary>Runs a command that must fail with one line on stderr, and returns that line.</summary>
    public async Task<string> FailsAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode != 0, $"paas {string.Join(' ', arguments)} should fail → {result}");
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line: {result.StandardError}");
        return lines[0];
    }
}
