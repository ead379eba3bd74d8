namespace OrleansPaas.Tests.Support;

/// <summary>
/// A machine's network link, for a node on this one host. The node's process runs in a cgroup of
/// its own from its first instruction, so every socket it ever opens is tagged with it; cutting drops
/// every packet those sockets send on loopback, where its peers, the database and its clients are
/// (iptables' cgroup match). The node then reaches no peer and no database and answers no one, while
/// its Docker engine (a Unix socket) and its containers (their own bridge, which it still reaches)
/// run on: a machine whose link went down. Moving a running process into the cgroup would not do, as
/// sockets keep the cgroup they were opened in. The node's listening ports drop what comes in as
/// well: a listener's handshake reply is not sent from a full socket, so the cgroup match lets it
/// pass, and peers would keep opening connections that carry nothing, which no real partition allows.
/// Not cut: the published ports of the machine's containers (docker-proxy is the engine's, not the
/// node's), so other nodes' gateways may still reach its web instances until it is declared dead.
/// </summary>
public sealed class NetworkCut : IAsyncDisposable
{
    private readonly string _name;
    private readonly string[][] _rules;
    private readonly bool[] _added;

    private NetworkCut(string name, string folder, string ports)
    {
        _name = name;
        Folder = folder;
        _rules =
        [
            ["OUTPUT", "-o", "lo", "-m", "cgroup", "--path", name, "-j", "DROP"],
            ["INPUT", "-p", "tcp", "-m", "multiport", "--dports", ports, "-j", "DROP"],
        ];
        _added = new bool[_rules.Length];
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
        for (var i = 0; i < _rules.Length; i++)
        {
            if (!_added[i])
            {
                await IptablesAsync("-I", _rules[i]);
                _added[i] = true;
            }
        }
    }

    /// <summary>Restores the link: every rule added goes, even when removing another failed.</summary>
    public async Task HealAsync()
    {
        var failures = new List<Exception>();
        for (var i = 0; i < _rules.Length; i++)
        {
            if (!_added[i])
            {
                continue;
            }

            try
            {
                await IptablesAsync("-D", _rules[i]);
                _added[i] = false;
            }
            catch (InvalidOperationException failed)
            {
                failures.Add(failed);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"the network of {_name} could not be restored", failures);
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

    // -w: wait for the xtables lock, which the engines and the nodes' firewalls take too.
    private static async Task IptablesAsync(string action, string[] rule)
    {
        var result = await ProcessRunner.RunAsync("iptables", ["-w", "10", action, .. rule]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"iptables {action} {string.Join(' ', rule)}: {result.Output}");
        }
    }

    // Where cgroup v2 is mounted: /sys/fs/cgroup on a unified host, /sys/fs/cgroup/unified on a hybrid one.
    private static string CgroupV2Mount() =>
        File.ReadLines("/proc/mounts").Select(line => line.Split(' ')).FirstOrDefault(fields => fields.Length > 2 && fields[2] == "cgroup2")?[1]
        ?? throw new InvalidOperationException("no cgroup v2 mount on this machine: a network cut needs one (iptables' cgroup match)");
}
