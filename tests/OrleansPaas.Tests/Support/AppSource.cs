namespace OrleansPaas.Tests.Support;

/// <summary>A local git working copy of a test app, pushed with the real git client.</summary>
public sealed class AppSource : IDisposable
{
    private static readonly Dictionary<string, string> GitEnvironment = new()
    {
        // Never wait for a password prompt: a refused credential must fail the command.
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_ASKPASS"] = "/bin/false",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = "Test",
        ["GIT_AUTHOR_EMAIL"] = "test@example.test",
        ["GIT_COMMITTER_NAME"] = "Test",
        ["GIT_COMMITTER_EMAIL"] = "test@example.test",
        ["HOME"] = System.IO.Path.GetTempPath(),
    };

    public AppSource()
    {
        Directory.CreateDirectory(Path);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paas-src-" + Guid.NewGuid().ToString("N"));

    /// <summary>A static site served by busybox httpd on $PORT.</summary>
    public static string StaticSiteDockerfile(string extra = "") => $"""
        FROM {PaasNode.BaseImage}
        COPY www /www
        {extra}
        CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]
        """;

    public static async Task<AppSource> CreateAsync(string dockerfile, string content)
    {
        var source = new AppSource();
        await source.GitAsync("init", "-q", "-b", "main");
        await source.CommitAsync(dockerfile, content, "first");
        return source;
    }

    public async Task CommitAsync(string dockerfile, string content, string message)
    {
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "www", "cgi-bin"));
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "Dockerfile"), dockerfile);
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "www", "index.html"), content + "\n");
        // A CGI script shows what the app sees: its environment and the forwarded request headers.
        var cgi = System.IO.Path.Combine(Path, "www", "cgi-bin", "env");
        await File.WriteAllTextAsync(cgi, "#!/bin/sh\necho 'Content-Type: text/plain'\necho\nenv\n");
        File.SetUnixFileMode(cgi, (UnixFileMode)Convert.ToInt32("755", 8));
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "-m", message);
    }

    /// <summary>Writes (or, with null content, deletes) files and commits them: for apps without a Dockerfile.</summary>
    public async Task CommitFilesAsync(string message, params (string Path, string? Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = System.IO.Path.Combine(Path, path);
            if (content is null)
            {
                File.Delete(full);
                continue;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
        }

        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "--allow-empty", "-m", message);
    }

    public static async Task<AppSource> CreateFilesAsync(params (string Path, string? Content)[] files)
    {
        var source = new AppSource();
        await source.GitAsync("init", "-q", "-b", "main");
        await source.CommitFilesAsync("first", files);
        return source;
    }

    /// <param name="environment">Extra variables, e.g. GIT_SSL_CAINFO (git here ignores http.sslCAInfo from its config).</param>
    public async Task<ProcessResult> PushAsync(string remoteUrl, string refspec = "main", IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(GitEnvironment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return await ProcessRunner.RunAsync("git", ["push", "--porcelain", remoteUrl, refspec], Path, variables, TimeSpan.FromMinutes(5));
    }

    /// <summary>Another working copy of an app: a clone of its repository on a node, as a second developer has.</summary>
    public static async Task<AppSource> CloneAsync(string remoteUrl)
    {
        var clone = new AppSource();
        var cloned = await GitIn(clone.Path, "clone", "-q", remoteUrl, ".");
        if (cloned.ExitCode != 0)
        {
            clone.Dispose();
            throw new InvalidOperationException($"git clone failed: {cloned.Output}");
        }

        return clone;
    }

    /// <summary>Starts a push and returns at once, for tests that interrupt it.</summary>
    public BackgroundProcess StartPush(string remoteUrl, string refspec = "main") =>
        BackgroundProcess.Start("git", ["push", "--porcelain", remoteUrl, refspec], Path, GitEnvironment);

    public async Task<string> HeadAsync() => (await GitAsync("rev-parse", "HEAD")).Output.Trim();

    public async Task<ProcessResult> GitAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("git", arguments, Path, GitEnvironment);
        if (result.ExitCode != 0 && arguments[0] is "init" or "add" or "commit" or "rev-parse" or "checkout")
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {result.Output}");
        }

        return result;
    }

    public static Task<ProcessResult> GitIn(string workingDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync("git", arguments, workingDirectory, GitEnvironment);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
