using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// The household's other services on a real node: a volume's file outlives releases, a restart and
/// sleep; a UDP echo and a TCP service of an app without HTTP answer on their host ports through a
/// redeploy; bad input and a taken port are refused with a sentence before anything is created.
/// </summary>
public sealed class StorageAndPortsTests : IAsyncLifetime
{
    // A host root of the test's own, where a link to /var/run is planted.
    private readonly DirectoryInfo _hostRoot = Directory.CreateTempSubdirectory("paas-roots-");
    private readonly PaasNode _node;

    private readonly List<string> _volumes = [];

    private PaasCli Cli => new(_node);

    public StorageAndPortsTests(ITestOutputHelper output)
    {
        _output = output;
        _node = new(settings: ["--Paas:PublicAddress=127.0.0.1", $"--Paas:Storage:HostRoots:0={_hostRoot.FullName}", "--Paas:Storage:HostRoots:1=/srv"]);
    }

    private readonly ITestOutputHelper _output;

    public Task InitializeAsync() => _node.StartAsync();

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _hostRoot.Delete(recursive: true);
        using var docker = PaasNode.Docker();
        foreach (var volume in _volumes)
        {
            try
            {
                await docker.Volumes.RemoveAsync(volume, force: true);
            }
            catch (Docker.DotNet.DockerApiException)
            {
                // Still held by a container the node left behind: the engine's prune takes it later.
            }
        }
    }

    [Fact]
    public async Task Volume_FileWrittenThroughOneRelease_IsReadByTheNext_AfterRestart_AndAfterSleep()
    {
        var app = NodeFixture.NewAppName("store");
        var host = $"{app}.{PaasNode.Domain}";
        await Cli.OkAsync("apps:create", app);

        // Bad input: one sentence each, and nothing stored.
        Assert.Contains("system directory /etc", await Cli.FailsAsync("storage:mount", app, "/etc:/data"));
        Assert.Contains("holds the system directory /var/lib/docker", await Cli.FailsAsync("storage:mount", app, "/var:/data"));
        Assert.Contains("not absolute", await Cli.FailsAsync("storage:create", app, "data", "data"));
        Assert.Contains("would hide", await Cli.FailsAsync("storage:create", app, "data", "/proc"));
        Assert.Contains("NET_ADMIN, NET_RAW", await Cli.FailsAsync("ps:set", app, "cap-add", "SYS_ADMIN"));
        // A host directory and extra privileges are the admin's: a deploy token is refused.
        var deployer = new PaasCli(_node, await NamedTokens.CreateAsync(_node, "deployer-" + app, "deploy", [app]));
        Assert.Contains("this needs admin", await deployer.FailsAsync("storage:mount", app, "/srv/paas-test:/data"));
        Assert.Contains("this needs admin", await deployer.FailsAsync("ps:set", app, "cap-add", "NET_ADMIN"));
        Assert.Contains("this needs admin", await deployer.FailsAsync("ports:add", app, "tcp:80:8080", "--allow-privileged"));
        Assert.Empty(JsonDocument.Parse(await Cli.OkAsync("storage:list", app, "--json")).RootElement.GetProperty("mounts").EnumerateArray());

        Assert.Contains("/data", await Cli.OkAsync("storage:create", app, "data", "/data"));
        _volumes.Add($"paas-{app}-data");
        var note = ("www/cgi-bin/note", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\ncat /data/note 2>&1\n");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile("RUN chmod 755 /www/cgi-bin/note"), "v1");
        await source.CommitFilesAsync("note", note);
        var first = await source.PushAsync(_node.RemoteUrl(app));
        Assert.True(first.ExitCode == 0, first.Output);

        // A one-off container of release 1 writes; it has the volume too.
        await Cli.OkAsync("run", app, "--", "sh", "-c", "echo written-by-v1 > /data/note");
        await source.CommitAsync(AppSource.StaticSiteDockerfile("RUN chmod 755 /www/cgi-bin/note"), "v2", "second");
        await source.CommitFilesAsync("note again", note);
        var second = await source.PushAsync(_node.RemoteUrl(app));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal((HttpStatusCode.OK, "v2\n"), await _node.GetAsync(host));
        Assert.Equal((HttpStatusCode.OK, "written-by-v1\n"), await _node.GetAsync(host, "/cgi-bin/note"));

        await Cli.OkAsync("ps:restart", app);
        Assert.Equal((HttpStatusCode.OK, "written-by-v1\n"), await _node.GetAsync(host, "/cgi-bin/note"));

        using var docker = PaasNode.Docker();
        // The newest: the instance the restart replaced may still be draining.
        var instance = (await _node.ContainersAsync(app)).Where(c => c.State == "running").OrderByDescending(c => c.Created).First();
        Assert.Contains($"paas-{app}-data:/data", (await docker.Containers.InspectContainerAsync(instance.ID)).HostConfig.Binds);
        var volume = await docker.Volumes.InspectAsync($"paas-{app}-data");
        Assert.Equal(app, volume.Labels["paas.app"]);
        var report = JsonDocument.Parse(await Cli.OkAsync("ps:report", app, "--json")).RootElement;
        Assert.Contains("volume 'data'", report.GetProperty("placement").GetString());

        // Asleep and woken by a request: the same file.
        await Cli.OkAsync("ps:set", app, "sleep-after", "2s");
        await Poll.UntilAsync(async () => JsonDocument.Parse(await Cli.OkAsync("ps:report", app, "--json")).RootElement.GetProperty("sleep").GetProperty("state").GetString(),
            state => state == "sleeping", TimeSpan.FromSeconds(30), $"{app} to be asleep");
        Assert.Equal((HttpStatusCode.OK, "written-by-v1\n"), await _node.GetAsync(host, "/cgi-bin/note"));

        // Volume names join app and volume with '-': a volume of that name made for another app (or a
        // service's data) is never mounted, whatever the names.
        var foreign = $"paas-{app}-taken";
        _volumes.Add(foreign);
        await docker.Volumes.CreateAsync(new Docker.DotNet.Models.VolumesCreateParameters
        {
            Name = foreign,
            Labels = new Dictionary<string, string> { ["paas.app"] = "someone-else", ["paas.volume"] = "taken" },
        });
        await Cli.OkAsync("storage:create", app, "taken", "/taken");
        var refused = await Cli.RunAsync("run", app, "--", "ls", "/taken");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"the volume {foreign} on this node belongs to another app or a service", refused.StandardError + refused.StandardOutput);
    }

    [Fact]
    public async Task Mount_HostPathThroughALinkToVarRun_IsRefusedAsRun_AndNothingIsStored()
    {
        var app = NodeFixture.NewAppName("links");
        await Cli.OkAsync("apps:create", app);
        var sockets = Path.Join(_hostRoot.FullName, "sockets");
        File.CreateSymbolicLink(sockets, "/var/run");

        // Under an allowed root as written, but the node follows the link: /var/run is /run, the engine's socket.
        Assert.Contains("leads to /run/docker.sock, which is in the system directory /run",
            await Cli.FailsAsync("storage:mount", app, $"{sockets}/docker.sock:/var/run/docker.sock"));
        Assert.Contains("/run", await Cli.FailsAsync("storage:mount", app, "/var/run/docker.sock:/var/run/docker.sock"));
        Assert.Contains("outside the directories apps may mount", await Cli.FailsAsync("storage:mount", app, "/opt/blog:/data"));
        Assert.Empty(JsonDocument.Parse(await Cli.OkAsync("storage:list", app, "--json")).RootElement.GetProperty("mounts").EnumerateArray());

        // A real directory under the root is taken.
        var blog = Path.Join(_hostRoot.FullName, "blog");
        Directory.CreateDirectory(blog);
        Assert.Contains("/data", await Cli.OkAsync("storage:mount", app, $"{blog}:/data"));
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "links");
        var push = await source.PushAsync(_node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);

        // Put a link in the directory's place after the check: the node checks again before it starts a container.
        Directory.Delete(blog);
        File.CreateSymbolicLink(blog, "/etc");
        var refused = await Cli.RunAsync("run", app, "--", "ls", "/data");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("leads to /etc, which is in the system directory /etc", refused.StandardError + refused.StandardOutput);
    }

    [Fact]
    public async Task Ports_UdpEchoAndTcpService_AnswerOnTheirHostPorts_ThroughARedeploy()
    {
        var app = NodeFixture.NewAppName("vpn");
        var udpPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        var tcpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        await Cli.OkAsync("apps:create", app);

        // Bad input and taken ports: one sentence, nothing stored.
        Assert.Contains("--allow-privileged", await Cli.FailsAsync("ports:add", app, "udp:53:53"));
        Assert.Contains("not a protocol", await Cli.FailsAsync("ports:add", app, "http:8000:5000"));
        Assert.Contains("not a port number", await Cli.FailsAsync("ports:add", app, "tcp:70000:22"));
        Assert.Contains("control port", await Cli.FailsAsync("ports:add", app, $"tcp:{new Uri(_node.ControlUrl).Port}:22"));
        using (var squatter = new TcpListener(IPAddress.Loopback, 0))
        {
            squatter.Start();
            var squatted = ((IPEndPoint)squatter.LocalEndpoint).Port;
            Assert.Contains("in use on node", await Cli.FailsAsync("ports:add", app, $"tcp:{squatted}:22"));
        }

        Assert.Empty(JsonDocument.Parse(await Cli.OkAsync("ports:list", app, "--json")).RootElement.GetProperty("ports").EnumerateArray());

        await Cli.OkAsync("ports:add", app, $"udp:{udpPort}:5353");
        await Cli.OkAsync("ports:add", app, $"tcp:{tcpPort}:7000");
        var other = NodeFixture.NewAppName("vpn2");
        await Cli.OkAsync("apps:create", other);
        Assert.Contains($"held by app '{app}'", await Cli.FailsAsync("ports:add", other, $"udp:{udpPort}:5353"));

        // The Dockerfile's CMD would be a web process: this app has none (a Procfile's vpn holds the ports).
        await Cli.OkAsync("ps:scale", app, "web=0");
        using var source = await UdpEchoSourceAsync("one");
        var first = await source.PushAsync(_node.RemoteUrl(app));
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal("one", await TcpReadAsync(tcpPort));
        var published = await UdpRoundTripsAsync(new IPEndPoint(IPAddress.Loopback, udpPort), 200);

        // The same echo reached directly on the container's bridge address, for the figure.
        using var docker = PaasNode.Docker();
        var instance = Assert.Single(await _node.ContainersAsync(app), c => c.State == "running");
        var address = (await docker.Containers.InspectContainerAsync(instance.ID)).NetworkSettings.Networks.Values.First().IPAddress;
        var direct = await UdpRoundTripsAsync(new IPEndPoint(IPAddress.Parse(address), 5353), 200);
        _output.WriteLine($"UDP echo round-trip, median of 200: through the published port {Median(published):0.000} ms, direct to the container {Median(direct):0.000} ms");

        Assert.Contains("one instance", await Cli.FailsAsync("ps:scale", app, "vpn=2"));

        await source.CommitFilesAsync("second", ("greeting", "two"));
        var second = await source.PushAsync(_node.RemoteUrl(app));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal("two", await TcpReadAsync(tcpPort));
        Assert.NotEmpty(await UdpRoundTripsAsync(new IPEndPoint(IPAddress.Loopback, udpPort), 5));
        var ports = JsonDocument.Parse(await Cli.OkAsync("ports:list", app, "--json")).RootElement;
        Assert.Equal("vpn", ports.GetProperty("process").GetString());
        Assert.Equal(2, ports.GetProperty("ports").GetArrayLength());
    }

    /// <summary>
    /// An app without HTTP: <c>vpn</c> runs a UDP echo (a tiny static C program: the test image's busybox
    /// has no UDP server) and a TCP service that says the contents of <c>greeting</c>.
    /// </summary>
    private static async Task<AppSource> UdpEchoSourceAsync(string greeting)
    {
        const string echo = """
            #include <netinet/in.h>
            #include <stdlib.h>
            #include <sys/socket.h>
            int main(int argc, char **argv) {
                int s = socket(AF_INET, SOCK_DGRAM, 0);
                struct sockaddr_in a = {0};
                a.sin_family = AF_INET; a.sin_port = htons(atoi(argv[1])); a.sin_addr.s_addr = INADDR_ANY;
                if (bind(s, (struct sockaddr *)&a, sizeof a)) return 1;
                char buffer[2048];
                for (;;) {
                    struct sockaddr_in peer; socklen_t length = sizeof peer;
                    int n = recvfrom(s, buffer, sizeof buffer, 0, (struct sockaddr *)&peer, &length);
                    if (n >= 0) sendto(s, buffer, n, 0, (struct sockaddr *)&peer, length);
                }
            }
            """;
        var source = await AppSource.CreateFilesAsync(
            ("udpecho.c", echo),
            ("greeting", greeting),
            ("Dockerfile", $"FROM {PaasNode.BaseImage}\nCOPY udpecho greeting /srv/\n"),
            ("Procfile", "vpn: /srv/udpecho 5353 & exec nc -ll -p 7000 -e cat /srv/greeting\n"));
        var compiled = await ProcessRunner.RunAsync("gcc", ["-static", "-O2", "-o", Path.Combine(source.Path, "udpecho"), Path.Combine(source.Path, "udpecho.c")],
            timeout: TimeSpan.FromMinutes(1));
        Assert.True(compiled.ExitCode == 0, compiled.Output);
        await source.CommitFilesAsync("echo binary");
        return source;
    }

    private static async Task<string> TcpReadAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var reader = new StreamReader(client.GetStream());
        var read = reader.ReadToEndAsync();
        return (await read.WaitAsync(TimeSpan.FromSeconds(10))).Trim();
    }

    /// <summary>Round trips of one datagram each, in milliseconds; each must come back within a second.</summary>
    private static async Task<List<double>> UdpRoundTripsAsync(IPEndPoint target, int count)
    {
        using var client = new UdpClient(target.AddressFamily);
        client.Connect(target);
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var payload = Encoding.ASCII.GetBytes($"ping {i}");
            var clock = Stopwatch.StartNew();
            await client.SendAsync(payload);
            var answer = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(1));
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(payload, answer.Buffer);
        }

        return times;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
