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
    public const string PostgresImage = "paas-test/postgres:17-alpine";
    public const string RedisImage = "paas-test/redis:7-alpine";

    private readonly string? _postgresConnectionString;
    private readonly string? _certificatePath;
    private readonly string? _nodeAddress;
    private readonly string? _adminToken;
    // Extra --Paas:X=Y arguments a test needs (e.g. a small limit).
    private readonly IReadOnlyList<string> _settings;
    private Process? _process;

    /// <summary>
    /// A single-node (SQLite) node by default; with <paramref name="postgresConnectionString"/> a
    /// cluster member, which also needs <paramref name="certificatePath"/> (the cluster PFX) to
    /// start. Nodes of one cluster share <paramref name="adminToken"/> (≥ 32 characters).
    /// </summary>
    public PaasNode(string? dataDir = null, string? nodeName = null, string? postgresConnectionString = null,
        string? certificatePath = null, string? nodeAddress = null, string? adminToken = null, IReadOnlyList<string>? settings = null)
    {
        NodeName = nodeName ?? "test-" + Guid.NewGuid().ToString("N")[..8];
        DataDir = dataDir ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paas-e2e-" + NodeName);
        GatewayPort = FreePorts.Next();
        GatewayHttpsPort = FreePorts.Next();
        ControlPort = FreePorts.Next();
        SiloPort = FreePorts.Next();
        InternalPort = FreePorts.Next();
        Gateway = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        _postgresConnectionString = postgresConnectionString;
        _certificatePath = certificatePath;
        _nodeAddress = nodeAddress;
        _adminToken = adminToken;
        _settings = settings ?? [];
    }

    public string NodeName { get; }
    public string DataDir { get; }
    public int GatewayPort { get; }
    public int GatewayHttpsPort { get; }
    public int ControlPort { get; }
    public int SiloPort { get; }
    public int InternalPort { get; }

    /// <summary>Where other nodes fetch images: mutual TLS with the node's credential.</summary>
    public string InternalUrl => $"https://127.0.0.1:{InternalPort}";

    /// <summary>A single node's own credential, generated into its data folder on the first start.</summary>
    public string SiloCertificatePath => System.IO.Path.Combine(DataDir, "silo.pfx");
    public HttpClient Gateway { get; }

    public string LogFile => System.IO.Path.Combine(DataDir, "..", NodeName + ".log");
    public string Token => _adminToken ?? File.ReadAllText(System.IO.Path.Combine(DataDir, "admin-token")).Trim();
    public string ControlUrl => $"{(ControlOverTls ? "https" : "http")}://127.0.0.1:{ControlPort}";

    /// <summary>Serve the control port over HTTPS only (the test gives the certificate settings).</summary>
    public bool ControlOverTls { get; init; }

    /// <summary>True once the node's process was started.</summary>
    public bool Launched => _process is not null;

    /// <summary>Environment variables the node's process gets besides the test's own (e.g. a PATH without a program).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Set when the node's process runs so that a test can cut its network (<see cref="WithNetworkCut"/>).</summary>
    public NetworkCut? Network { get; private set; }

    /// <summary>Before the launch: the node will run so that its network can be cut, as a machine's link goes down.</summary>
    public PaasNode WithNetworkCut()
    {
        Network = NetworkCut.Create(NodeName, [SiloPort, GatewayPort, GatewayHttpsPort, ControlPort, InternalPort]);
        return this;
    }

    /// <summary>True once the node's process has ended (e.g. refused to start).</summary>
    public bool HasExited => _process is { HasExited: true };

    public int ExitCode => _process!.ExitCode;

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the node was not launched");

    public static DockerClient Docker() => new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

    public string RemoteUrl(string app, string? token = null) => $"{(ControlOverTls ? "https" : "http")}://paas:{token ?? Token}@127.0.0.1:{ControlPort}/{app}.git";

    /// <summary>Starts the node and waits until its gateway and control ports answer.</summary>
    public async Task StartAsync()
    {
        await LaunchAsync();
        try
        {
            await WaitUntilServingAsync();
        }
        catch
        {
            // xUnit does not dispose a test class whose start failed: a node that never served must not
            // outlive the test (leaked nodes kept running and loaded the machine for every test after).
            Kill();
            throw;
        }
    }

    /// <summary>Starts the node's process without waiting for it to serve (for nodes expected to fail).</summary>
    public async Task LaunchAsync()
    {
        await EnsureBaseImageAsync();
        Directory.CreateDirectory(DataDir);
        var siloDll = SiloDll;
        var (program, arguments) = Network?.Wrap("dotnet", Arguments(siloDll)) ?? ("dotnet", Arguments(siloDll).ToList());
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = System.IO.Path.GetDirectoryName(siloDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        // Each line gets the time it arrived: the node's console log has none, and a fault test's log is read by when things happened.
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {e.Data}"); } } };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {e.Data}");
                    StandardError.AppendLine(e.Data);
                }
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Runs the node's executable with a verb (<c>backup FILE</c>, <c>restore FILE</c>) and this node's
    /// own settings (data folder, ports), as an operator would on its machine, and waits for it to end.
    /// </summary>
    public Task<ProcessResult> RunVerbAsync(params string[] verb)
    {
        var siloDll = SiloDll;
        return ProcessRunner.RunAsync("dotnet", [siloDll, .. verb, .. Arguments(siloDll).Skip(1)], System.IO.Path.GetDirectoryName(siloDll),
            timeout: TimeSpan.FromMinutes(5));
    }

    private static string SiloDll =>
        System.IO.Path.Combine(RepositoryRoot.Path, "silo", "OrleansPaas.Silo", "bin", BuildConfiguration, "net10.0", "OrleansPaas.Silo.dll");

    /// <summary>How often the node's log holds <paramref name="text"/> so far (e.g. the reason for a refused connection).</summary>
    public int LogCount(string text)
    {
        using var file = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var log = new StreamReader(file).ReadToEnd();
        var count = 0;
        for (var at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>What the process wrote to stderr so far.</summary>
    public System.Text.StringBuilder StandardError { get; } = new();

    public async Task WaitUntilServingAsync()
    {
        var process = _process ?? throw new InvalidOperationException("the node was not launched");
        // Whether the certificate is trusted is for the TLS tests to check; here only "does it answer".
        using var control = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        await Poll.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the node exited with {process.ExitCode}; see {LogFile}");
            }

            var git = await control.GetAsync($"{ControlUrl}/probe.git/info/refs?service=git-receive-pack");
            var gateway = await Gateway.GetAsync($"http://127.0.0.1:{GatewayPort}/");
            return git.StatusCode == HttpStatusCode.Unauthorized && gateway.StatusCode == HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(60), $"node {NodeName} to start");
    }

    /// <summary>Waits for the process to end (e.g. a node that must refuse to start) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("the node was not launched");
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    private IEnumerable<string> Arguments(string siloDll)
    {
        yield return siloDll;
        yield return $"--Paas:DataDir={DataDir}";
        yield return $"--Paas:Domain={Domain}";
        yield return $"--Paas:GatewayUrls=http://127.0.0.1:{GatewayPort}";
        yield return $"--Paas:GatewayHttpsUrls=https://127.0.0.1:{GatewayHttpsPort}";
        yield return $"--Paas:ControlUrls={ControlUrl}";
        yield return $"--Paas:Cluster:SiloPort={SiloPort}";
        yield return $"--Paas:Cluster:InternalPort={InternalPort}";
        yield return $"--Paas:NodeName={NodeName}";
        // The offline busybox image is the buildpack stack, and the tests' static buildpack the default.
        yield return $"--Paas:Build:StackBuildImage={BaseImage}";
        yield return $"--Paas:Build:StackRunImage={BaseImage}";
        yield return $"--Paas:Build:DefaultBuildpacks:0={TestBuildpacks.Static}";
        // Few kept images, so retention is observable within a test.
        yield return "--Paas:Releases:Keep=2";
        // No registry is reachable: backing services run the stand-ins of tests/fixtures/make-*-image.sh.
        yield return $"--Paas:Services:Postgres:Image={PostgresImage}";
        yield return $"--Paas:Services:Redis:Image={RedisImage}";
        if (_postgresConnectionString is not null)
        {
            yield return $"--Paas:Cluster:PostgresConnectionString={_postgresConnectionString}";
        }

        if (_certificatePath is not null)
        {
            yield return $"--Paas:Cluster:CertificatePath={_certificatePath}";
        }

        if (_nodeAddress is not null)
        {
            yield return $"--Paas:NodeAddress={_nodeAddress}";
        }

        if (_adminToken is not null)
        {
            yield return $"--Paas:AdminToken={_adminToken}";
        }

        foreach (var setting in _settings)
        {
            yield return setting;
        }
    }

    /// <summary>Kills the node's process at once (SIGKILL), as when its machine dies; its containers stay.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }
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

    /// <summary>A client for the node's API with the admin token as Bearer (the caller disposes it).</summary>
    public HttpClient Api()
    {
        var http = new HttpClient { BaseAddress = new Uri(ControlUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    /// <summary>GET through the gateway with the given virtual host.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{GatewayPort}{path}");
        request.Headers.Host = host;
        using var response = await Gateway.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// <paramref name="count"/> GETs through the gateway at the same moment, each on its own connection, with a
    /// client that waits up to a minute (a sleeping app's requests are held while it wakes).
    /// </summary>
    public async Task<(HttpStatusCode Status, string Body)[]> GetAtOnceAsync(string host, int count)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(1) };
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{GatewayPort}/");
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }));
    }

    /// <summary>GET through the gateway's plain HTTP port with the given virtual host, without following redirects.</summary>
    public async Task<HttpResponseMessage> GetResponseAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{GatewayPort}{path}");
        request.Headers.Host = host;
        return await Gateway.SendAsync(request);
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
        try
        {
            if (Network is not null)
            {
                // Healed first, so that the node can stop as usual; its cgroup goes once the process has ended.
                await Network.HealAsync();
            }
        }
        finally
        {
            try
            {
                await StopAsync();
                if (Network is not null)
                {
                    await Network.DisposeAsync();
                }
            }
            finally
            {
                _process?.Dispose();
                Gateway.Dispose();
                await RemoveContainersAndImagesAsync();
            }
        }
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
