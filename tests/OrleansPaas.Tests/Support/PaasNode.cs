using System.Diagnostics;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A real OrleansPaas node started as its own process from the silo's build output, on loopback
/// ports of its own and a fresh data folder, talking to the machine's Docker engine.
/// </summary>
public sealed class PaasNode : IAsyncDisposable
{
    public const string Domain = "example.test";
    public const string BaseImage = "paas-test/busybox:latest";

    private Process? _process;

    public PaasNode(string? dataDir = null, string? nodeName = null)
    {
        NodeName = nodeName ?? "test-" + Guid.NewGuid().ToString("N")[..8];
        DataDir = dataDir ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paas-e2e-" + NodeName);
        GatewayPort = FreePorts.Next();
        ControlPort = FreePorts.Next();
        SiloPort = FreePorts.Next();
        SiloGatewayPort = FreePorts.Next();
        Gateway = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public string NodeName { get; }
    public string DataDir { get; }
    public int GatewayPort { get; }
    public int ControlPort { get; }
    public int SiloPort { get; }
    public int SiloGatewayPort { get; }
    public HttpClient Gateway { get; }

    /// <summary>More <c>--Paas:…</c> settings for this node (e.g. a PostgreSQL connection string).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
    public string LogFile => System.IO.Path.Combine(DataDir, "..", NodeName + ".log");
    public string Token => File.ReadAllText(System.IO.Path.Combine(DataDir, "admin-token")).Trim();
    public string ControlUrl => $"http://127.0.0.1:{ControlPort}";

    public static DockerClient Docker() => new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

    public string RemoteUrl(string app, string? token = null) => $"http://paas:{token ?? Token}@127.0.0.1:{ControlPort}/{app}.git";

    public async Task StartAsync()
    {
        await EnsureBaseImageAsync();
        Directory.CreateDirectory(DataDir);
        var siloDll = System.IO.Path.Combine(RepositoryRoot.Path, "silo", "OrleansPaas.Silo", "bin", BuildConfiguration, "net10.0", "OrleansPaas.Silo.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = System.IO.Path.GetDirectoryName(siloDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     siloDll,
                     $"--Paas:DataDir={DataDir}",
                     $"--Paas:Domain={Domain}",
                     $"--Paas:GatewayUrls=http://127.0.0.1:{GatewayPort}",
                     $"--Paas:ControlUrls=http://127.0.0.1:{ControlPort}",
                     $"--Paas:Cluster:SiloPort={SiloPort}",
                     $"--Paas:Cluster:GatewayPort={SiloGatewayPort}",
                     $"--Paas:NodeName={NodeName}",
                     // The offline busybox image is the buildpack stack, and the tests' static buildpack the default.
                     $"--Paas:Build:StackBuildImage={BaseImage}",
                     $"--Paas:Build:StackRunImage={BaseImage}",
                     $"--Paas:Build:DefaultBuildpacks:0={TestBuildpacks.Static}",
                     // Few kept images, so retention is observable within a test.
                     "--Paas:Releases:Keep=2",
                 }.Concat(ExtraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var control = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Poll.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the node exited with {_process.ExitCode}; see {LogFile}");
            }

            var git = await control.GetAsync($"{ControlUrl}/probe.git/info/refs?service=git-receive-pack");
            var gateway = await Gateway.GetAsync($"http://127.0.0.1:{GatewayPort}/");
            return git.StatusCode == HttpStatusCode.Unauthorized && gateway.StatusCode == HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(60), $"node {NodeName} to start");
    }

    /// <summary>Stops the node the way systemd would (SIGTERM) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString()]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>GET through the gateway with the given virtual host.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{GatewayPort}{path}");
        request.Headers.Host = host;
        using var response = await Gateway.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls the gateway until the host answers 200 with a body containing <paramref name="expected"/>.</summary>
    public Task<(HttpStatusCode Status, string Body)> WaitForContentAsync(string host, string expected, string path = "/") =>
        Poll.UntilAsync(() => GetAsync(host, path), r => r.Status == HttpStatusCode.OK && r.Body.Contains(expected),
            TimeSpan.FromSeconds(30), $"{host} to serve '{expected}'");

    public async Task<IList<ContainerListResponse>> ContainersAsync(string app)
    {
        using var docker = Docker();
        return await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"paas.app={app}"] = true, [$"paas.node={NodeName}"] = true },
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        Gateway.Dispose();
        await RemoveContainersAndImagesAsync();
    }

    /// <summary>Leaves the engine as it was: this node's containers and its apps' images go.</summary>
    private async Task RemoveContainersAndImagesAsync()
    {
        using var docker = Docker();
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"paas.node={NodeName}"] = true },
            },
        });
        var apps = containers.Select(c => c.Labels["paas.app"]).ToHashSet();
        foreach (var container in containers)
        {
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }

        foreach (var app in apps)
        {
            var images = await docker.Images.ListImagesAsync(new ImagesListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [$"paas/{app}"] = true } },
            });
            foreach (var image in images)
            {
                try
                {
                    await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
                }
                catch (DockerApiException)
                {
                }
            }
        }
    }

    internal static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    private static readonly SemaphoreSlim BaseImageGate = new(1, 1);

    internal static async Task EnsureBaseImageAsync()
    {
        await BaseImageGate.WaitAsync();
        try
        {
            var script = System.IO.Path.Combine(RepositoryRoot.Path, "tests", "fixtures", "make-base-image.sh");
            var result = await ProcessRunner.RunAsync("bash", [script, BaseImage]);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("could not make the base image: " + result.Output);
            }
        }
        finally
        {
            BaseImageGate.Release();
        }
    }
}
