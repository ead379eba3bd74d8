namespace OrleansPaas.Tests.Support;

/// <summary>A throw-away git working copy driven by the real git CLI, for repository tests that need no app.</summary>
public sealed class GitWorkTree : IDisposable
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = "Test",
        ["GIT_AUTHOR_EMAIL"] = "test@example.test",
        ["GIT_COMMITTER_NAME"] = "Test",
        ["GIT_COMMITTER_EMAIL"] = "test@example.test",
        ["HOME"] = System.IO.Path.GetTempPath(),
    };

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paas-wt-" + Guid.NewGuid().ToString("N"));

    /// <summary>The repository's git directory (what the platform's code is pointed at).</summary>
    public string GitDirectory => System.IO.Path.Combine(Path, ".git");

    public static async Task<GitWorkTree> CreateAsync(string branch = "main")
    {
        var tree = new GitWorkTree();
        Directory.CreateDirectory(tree.Path);
        await tree.GitAsync("init", "-q", "-b", branch);
        return tree;
    }

    /// <summary>Writes a file, commits it and returns the new commit.</summary>
    public async Task<string> CommitAsync(string file, string content)
    {
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, file), content);
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "-m", $"change {file}");
        return (await GitAsync("rev-parse", "HEAD")).Trim();
    }

    public async Task<string> GitAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("git", arguments, Path, Environment);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)}: {result}");
        return result.StandardOutput;
    }

    /// <summary>Runs git against another repository (e.g. a node's bare repository).</summary>
    public static async Task<ProcessResult> GitInAsync(string gitDirectory, params string[] arguments) =>
        await ProcessRunner.RunAsync("git", ["--git-dir", gitDirectory, .. arguments], System.IO.Path.GetTempPath(), Environment);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
