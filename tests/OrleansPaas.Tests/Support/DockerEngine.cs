namespace OrleansPaas.Tests.Support;

/// <summary>
/// A Docker engine of its own for one test node, as on a separate machine: its own dockerd with its
/// own data root, exec root, socket, bridge and address pool, holding only the images it was given
/// or built. Without iptables (the machine's main engine owns those chains): instances are reached
/// on their bridge address from this host, and published ports through docker-proxy.
/// "Losing the machine" kills its containers, then the engine.
/// </summary>
public sealed class DockerEngine : IAsyncDisposable
{
    private static int _next;
    private readonly int _number;
    private readonly BackgroundProcess _daemon;

    private DockerEngine(int number, string root, BackgroundProcess daemon)
    {
        _number = number;
        Root = root;
        _daemon = daemon;
    }

    /// <summary>Short: a unix socket path must stay under 108 characters, and containerd's live under the exec root.</summary>
    public string Root { get; }

    public string Socket => System.IO.Path.Combine(Root, "docker.sock");

    /// <summary>What a node's <c>Paas:DockerEndpoint</c> names.</summary>
    public string Endpoint => "unix://" + Socket;

    private string Bridge => $"paasbr{_number}";

    /// <summary>Starts an engine and gives it the test base image (a machine on which the platform was installed has what it builds FROM).</summary>
    public static async Task<DockerEngine> StartAsync()
    {
        await PaasNode.EnsureBaseImageAsync();
        var number = await ClaimBridgeAsync();
        var root = $"/tmp/pe{number}-{Guid.NewGuid().ToString("N")[..4]}";
        Directory.CreateDirectory(root);
        var bridge = $"paasbr{number}";
        await RunAsync("ip", "addr", "add", $"10.{number}.0.1/24", "dev", bridge);
        await RunAsync("ip", "link", "set", bridge, "up");
        var daemon = BackgroundProcess.Start("dockerd",
        [
            "--data-root", System.IO.Path.Combine(root, "data"), "--exec-root", System.IO.Path.Combine(root, "x"),
            "-H", "unix://" + System.IO.Path.Combine(root, "docker.sock"), "--pidfile", System.IO.Path.Combine(root, "docker.pid"),
            "--bridge", bridge, "--iptables=false", "--ip6tables=false",
            "--default-address-pool", $"base=10.{number + 100}.0.0/16,size=24",
        ], root, new Dictionary<string, string>());
        var engine = new DockerEngine(number, root, daemon);
        try
        {
            await Poll.UntilAsync(async () => (await engine.DockerAsync("info", "--format", "{{.ServerVersion}}")).ExitCode == 0,
                TimeSpan.FromSeconds(60), $"the engine at {engine.Socket} to answer");
            // The base image as the main engine has it, saved and loaded: seconds, and offline.
            var loaded = await ProcessRunner.RunAsync("sh", ["-c", $"docker save {PaasNode.BaseImage} | docker -H {engine.Endpoint} load"], timeout: TimeSpan.FromMinutes(2));
            if (loaded.ExitCode != 0)
            {
                throw new InvalidOperationException($"could not load {PaasNode.BaseImage} into {engine.Endpoint}: {loaded.Output}");
            }

            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>The docker CLI against this engine.</summary>
    public Task<ProcessResult> DockerAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("docker", ["-H", Endpoint, .. arguments], timeout: TimeSpan.FromMinutes(2));

    /// <summary>How many of <paramref name="app"/>'s <paramref name="process"/> instances run on this engine.</summary>
    public async Task<int> RunningAsync(string app, string process)
    {
        var listed = await DockerAsync("ps", "-q", "--filter", $"label=paas.app={app}", "--filter", $"label=paas.process={process}", "--filter", "status=running");
        if (listed.ExitCode != 0)
        {
            throw new InvalidOperationException(listed.Output);
        }

        return listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    public async Task<bool> HasImageAsync(string image) => (await DockerAsync("image", "inspect", image)).ExitCode == 0;

    /// <summary>The machine dies: every container is killed, then the engine itself (kill -9), so nothing is left to adopt or export.</summary>
    public async Task KillAsync()
    {
        var running = await DockerAsync("ps", "-q");
        var ids = running.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length > 0)
        {
            await DockerAsync(["kill", .. ids]);
        }

        _daemon.Kill();
        await _daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        var all = await DockerAsync("ps", "-aq");
        var ids = all.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (all.ExitCode == 0 && ids.Length > 0)
        {
            await DockerAsync(["rm", "-f", .. ids]);
        }

        // A clean stop unmounts the engine's layers; a killed one has none mounted any more.
        await ProcessRunner.RunAsync("sh", ["-c", $"[ -f {Root}/docker.pid ] && kill -TERM $(cat {Root}/docker.pid) || true"]);
        await _daemon.WaitForExitAsync(TimeSpan.FromSeconds(60));
        _daemon.Dispose();
        await ProcessRunner.RunAsync("ip", ["link", "del", Bridge]);
        // A killed engine leaves its data root mounted on itself (and whatever it had mounted under it).
        await ProcessRunner.RunAsync("sh", ["-c", $"awk '$2 ~ \"^{Root}/\" {{print $2}}' /proc/mounts | sort -r | xargs -r -n1 umount -l"]);
        await ProcessRunner.RunAsync("rm", ["-rf", Root]);
    }

    /// <summary>
    /// A number whose bridge this engine creates: the bridge's creation is the claim, so test runs
    /// in other processes on this host (which count from the same start) skip the numbers they hold.
    /// Clear of Docker's default 172.17/16 and the app networks' pools.
    /// </summary>
    private static async Task<int> ClaimBridgeAsync()
    {
        for (var attempt = 0; attempt < 80; attempt++)
        {
            var number = 10 + Interlocked.Increment(ref _next) % 80;
            var created = await ProcessRunner.RunAsync("ip", ["link", "add", $"paasbr{number}", "type", "bridge"]);
            if (created.ExitCode == 0)
            {
                return number;
            }
        }

        throw new InvalidOperationException("no free paasbrN bridge number between 10 and 89 on this host");
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(program, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {result.Output}");
        }
    }
}
