using System.Diagnostics;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A private image registry (Debian's docker-registry, the distribution registry) on a loopback port
/// with its storage in a temporary folder: where a fresh node pulls a stack image from, offline. The
/// engine treats 127.0.0.1 registries as insecure-allowed, so plain HTTP needs no engine setting.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    public const string Program = "/usr/bin/docker-registry";

    private readonly Process _process;
    private readonly string _folder;

    private LocalRegistry(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, the prefix of the references it serves.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public static async Task<LocalRegistry> StartAsync()
    {
        Assert.True(File.Exists(Program), $"{Program} is missing: apt-get install docker-registry (tests/run.sh does)");
        var port = FreePorts.Next();
        var folder = Directory.CreateTempSubdirectory("paas-registry-").FullName;
        var config = Path.Combine(folder, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(folder, "data")}
            http:
              addr: 127.0.0.1:{port}
            """);
        var start = new ProcessStartInfo(Program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LocalRegistry(process, folder, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(async () =>
        {
            Assert.False(process.HasExited, $"the registry exited with {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                return (await http.GetAsync($"http://{registry.Host}/v2/")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the local registry to answer");
        return registry;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
