namespace OrleansPaas.Tests.Support;

/// <summary>
/// A machine's network link, for a node on this one host. The node's process runs in a cgroup of
/// its own from its first instruction, so every socket it ever opens is tagged with it; cutting drops
/// every packet those sockets send (iptables' cgroup match). The node then reaches no peer and no
/// database and answers no one, while its Docker engine (a Unix socket) and its containers (their own
/// bridge) run on: a machine whose link went down. Moving a running process into the cgroup would not
/// do, as sockets keep the cgroup they were opened in. The node's listening ports drop what comes in as
/// well: a listener's handshake reply is not sent from a full socket, so the cgroup match lets it pass,
/// and peers would keep opening connections that carry nothing, which no real partition allows.
/// </summary>
public sealed class NetworkCut : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _ports;
    private bool _cut;

    private NetworkCut(string name, string folder, string ports)
    {
        _name = name;
        Folder = folder;
        _ports = ports;
    }

    /// <summary>The cgroup's folder under the cgroup v2 mount.</summary>
    public string Folder { get; }

    /// <param name="listeningPorts">The node's own TCP ports (silo, gateway, control, internal).</param>
    public static NetworkCut Create(string nodeName, IEnumerable<int> listeningPorts)
    {
        var name = "paas-cut-" + nodeName;
        var folder = Path.Combine(CgroupV2Mount(), name);
        Directory.CreateDirectory(folder);
        return new NetworkCut(name, folder, string.Join(',', listeningPorts));
    }

    /// <summary>Starts <paramref name="program"/> inside the cgroup: a shell joins it, then becomes the program (same process id).</summary>
    public (string Program, IReadOnlyList<string> Arguments) Wrap(string program, IEnumerable<string> arguments) =>
        ("sh", ["-c", "echo $$ > \"$0\" && exec \"$@\"", Path.Combine(Folder, "cgroup.procs"), program, .. arguments]);

    public async Task CutAsync()
    {
        await IptablesAsync("-I");
        _cut = true;
    }

    /// <summary>Restores the link; nothing to do when it is not cut.</summary>
    public async Task HealAsync()
    {
        if (_cut)
        {
            await IptablesAsync("-D");
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await HealAsync();
        // Only an empty cgroup can go: the node's process has ended by now (disposed before this).
        try
        {
            Directory.Delete(Folder);
        }
        catch (IOException)
        {
        }
    }

    private async Task IptablesAsync(string action)
    {
        await IptablesAsync([action, "OUTPUT", "-m", "cgroup", "--path", _name, "-j", "DROP"]);
        await IptablesAsync([action, "INPUT", "-p", "tcp", "-m", "multiport", "--dports", _ports, "-j", "DROP"]);
    }

    private async Task IptablesAsync(string[] rule)
    {
        var result = await ProcessRunner.RunAsync("iptables", rule);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"iptables {string.Join(' ', rule)}: {result.Output}");
        }
    }

    // Where cgroup v2 is mounted: /sys/fs/cgroup on a unified host, /sys/fs/cgroup/unified on a hybrid one.
    private static string CgroupV2Mount() =>
        File.ReadLines("/proc/mounts").Select(line => line.Split(' ')).FirstOrDefault(fields => fields.Length > 2 && fields[2] == "cgroup2")?[1]
        ?? throw new InvalidOperationException("no cgroup v2 mount on this machine: a network cut needs one (iptables' cgroup match)");
}
