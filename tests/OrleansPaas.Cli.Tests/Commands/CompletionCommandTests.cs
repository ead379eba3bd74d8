using System.Diagnostics;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>completion bash|zsh</c>: the printed script, loaded into a real bash.</summary>
public sealed class CompletionCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("paas-completion-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Bash_ScriptSourced_RegistersPaas()
    {
        var script = await ScriptAsync("bash");

        Assert.Equal("complete -o default -F _paas paas\n", Bash(script, "complete -p paas"));
    }

    [Theory]
    [InlineData("paas apps:l", "list")]
    [InlineData("paas ap", "apps:create apps:destroy apps:info apps:list")]
    [InlineData("paas logs --t", "--tail")]
    [InlineData("paas --json logs -", "--help --json --num --tail -a -h -n -t --app")]
    [InlineData("paas completion ", "bash zsh")]
    [InlineData("paas apps:list -", "--help --json -h")]
    [InlineData("paas -a blog ps:sc", "scale")]
    public async Task Bash_PartialWord_CompletesCommandsOptionsAndValues(string line, string expected)
    {
        var script = await ScriptAsync("bash");

        var completions = Bash(script, $"COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; _paas; printf '%s\\n' \"${{COMPREPLY[@]}}\" | LC_ALL=C sort | paste -sd' '");

        Assert.Equal(Sorted(expected), completions.Trim());
    }

    [Fact]
    public async Task Zsh_Script_DescribesEveryCommand()
    {
        var script = await ScriptAsync("zsh");

        Assert.StartsWith("#compdef paas\n", script);
        Assert.Contains("'apps\\:list:List the apps'", script);
        Assert.Contains("compdef _paas paas", script);
    }

    [Fact]
    public async Task Completion_UnknownShell_IsRefusedInOneLine()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string>(), "completion", "fish");

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<string> ScriptAsync(string shell)
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string>(), "completion", shell);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout;
    }

    private static string Sorted(string words) => string.Join(' ', words.Split(' ').Order(StringComparer.Ordinal));

    private string Bash(string script, string command)
    {
        var path = Path.Combine(_folder, "paas.bash");
        File.WriteAllText(path, script);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source '{path}' && {command}");
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd();
        var error = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, $"bash: {error}");
        return output;
    }
}
