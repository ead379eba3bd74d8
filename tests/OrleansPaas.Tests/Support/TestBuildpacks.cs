namespace OrleansPaas.Tests.Support;

/// <summary>
/// Buildpacks the tests write themselves (POSIX shell scripts, run by the offline busybox stack),
/// implementing the Heroku buildpack API: bin/detect, bin/compile BUILD_DIR CACHE_DIR ENV_DIR, bin/release.
/// </summary>
public static class TestBuildpacks
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "paas-test-buildpacks-" + System.Environment.ProcessId);

    /// <summary>Detected by index.html; serves BUILD_DIR/public with busybox httpd as its default web process.</summary>
    public static string Static { get; } = Write("static",
        detect: """[ -f "$1/index.html" ] && echo Static || exit 1""",
        compile: """
            echo "copying the site into public/"
            mkdir -p "$1/public"
            cp "$1"/*.html "$1/public/"
            """,
        release: """
            echo '---'
            echo 'default_process_types:'
            echo '  web: httpd -f -p $PORT -h /app/public'
            """);

    /// <summary>Counts its builds in CACHE_DIR and publishes the count, proving the cache persists.</summary>
    public static string Counter { get; } = Write("counter",
        detect: "echo Counter",
        compile: """
            n=$(cat "$2/count" 2>/dev/null || echo 0)
            n=$((n + 1))
            echo "$n" > "$2/count"
            echo "cache count $n"
            mkdir -p "$1/public"
            echo "build number $n" > "$1/public/count.html"
            """);

    /// <summary>Shows what ENV_DIR holds (one file per config var).</summary>
    public static string Environment { get; } = Write("environment",
        detect: "echo EnvReader",
        compile: """
            echo "env dir has: $(ls "$3" | tr '\n' ' ')"
            echo "GREETING from ENV_DIR is: $(cat "$3/GREETING")"
            mkdir -p "$1/public"
            cp "$3/GREETING" "$1/public/greeting.html"
            """);

    /// <summary>A compile that fails.</summary>
    public static string Exploding { get; } = Write("exploding",
        detect: "echo Exploding",
        compile: """
            echo "compile exploded on purpose"
            exit 1
            """);

    /// <summary>
    /// A buildpack in a git repository whose tag v1 says "buildpack version one" and whose main
    /// says "buildpack version two", for BUILDPACK_URL with #ref.
    /// </summary>
    public static async Task<string> VersionedRepositoryAsync()
    {
        var repository = Path.Combine(Root, "versioned-" + Guid.NewGuid().ToString("N")[..6]);
        WriteScripts(repository, "echo Versioned", VersionedCompile("one"), StaticRelease);
        await GitAsync(repository, "init", "-q", "-b", "main");
        await GitAsync(repository, "add", "-A");
        await GitAsync(repository, "commit", "-q", "-m", "v1");
        await GitAsync(repository, "tag", "v1");
        WriteScripts(repository, "echo Versioned", VersionedCompile("two"), StaticRelease);
        await GitAsync(repository, "commit", "-q", "-am", "v2");
        return repository;
    }

    private const string StaticRelease = """
        echo '---'
        echo 'default_process_types:'
        echo '  web: httpd -f -p $PORT -h /app/public'
        """;

    private static string VersionedCompile(string version) => $"""
        echo "buildpack version {version}"
        mkdir -p "$1/public"
        echo "built by version {version}" > "$1/public/index.html"
        """;

    private static string Write(string name, string detect, string compile, string? release = null)
    {
        var directory = Path.Combine(Root, name);
        WriteScripts(directory, detect, compile, release);
        return directory;
    }

    private static void WriteScripts(string directory, string detect, string compile, string? release)
    {
        Directory.CreateDirectory(Path.Combine(directory, "bin"));
        WriteScript(Path.Combine(directory, "bin", "detect"), detect);
        WriteScript(Path.Combine(directory, "bin", "compile"), "set -e\n" + compile);
        if (release is not null)
        {
            WriteScript(Path.Combine(directory, "bin", "release"), release);
        }
    }

    private static void WriteScript(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    private static async Task GitAsync(string directory, params string[] arguments)
    {
        var result = await AppSource.GitIn(directory, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {result.Output}");
        }
    }
}
