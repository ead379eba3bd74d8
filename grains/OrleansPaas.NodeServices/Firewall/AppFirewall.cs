using OrleansPaas.NodeServices.Processes;

namespace OrleansPaas.NodeServices.Firewall;

/// <summary>
/// Installs <see cref="AppFirewallRules"/> with the node's own iptables: both chains replaced whole, and
/// the jumps to them added once (a restart finds them and adds nothing). Rules the node did not
/// create are never touched; removing the node leaves its chains (they only refuse, and name the bridge).
/// </summary>
public static class AppFirewall
{
    // Nodes sharing one engine (tests, a second node on a machine) share the bridge's chains: the
    // listing of the other nodes' gateway ports and the replacement must not interleave.
    private static readonly string LockPath = Path.Combine(Directory.Exists("/run") ? "/run" : Path.GetTempPath(), "orleanspaas-firewall.lock");
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Null when installed, else what failed (iptables' own words).</summary>
    public static async Task<string?> InstallAsync(AppFirewallRules rules, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken);
        var listing = await IptablesAsync(["-w", "-S", rules.InputChain], null, cancellationToken);
        var others = listing.ExitCode == 0 ? AppFirewallRules.GatewayPortsIn(listing.Output) : new HashSet<int>();
        var restore = await RunAsync("iptables-restore", ["-w", "--noflush"], rules.RestoreScript(others), cancellationToken);
        if (restore.ExitCode != 0)
        {
            return restore.Output;
        }

        // Engines that manage iptables give DOCKER-USER, which FORWARD visits before their own rules;
        // without it (an engine with iptables off) FORWARD itself.
        var dockerUser = await IptablesAsync(["-w", "-n", "-L", "DOCKER-USER"], null, cancellationToken);
        var forward = dockerUser.ExitCode == 0 ? "DOCKER-USER" : "FORWARD";
        return await JumpAsync("INPUT", rules.Bridge, rules.InputChain, cancellationToken)
            ?? await JumpAsync(forward, rules.Bridge, rules.ForwardChain, cancellationToken);
    }

    private static async Task<string?> JumpAsync(string from, string bridge, string to, CancellationToken cancellationToken)
    {
        string[] rule = ["-i", bridge, "-j", to];
        if ((await IptablesAsync(["-w", "-C", from, .. rule], null, cancellationToken)).ExitCode == 0)
        {
            return null;
        }

        var insert = await IptablesAsync(["-w", "-I", from, "1", .. rule], null, cancellationToken);
        return insert.ExitCode == 0 ? null : $"iptables -I {from}: {insert.Output}";
    }

    private static Task<(int ExitCode, string Output)> IptablesAsync(string[] arguments, string? input, CancellationToken cancellationToken) =>
        RunAsync("iptables", arguments, input, cancellationToken);

    private static async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock on Unix; it dies with the process.
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    /// <summary>The exit code, and its output on success or the reason on failure.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var result = await ShortProcess.RunAsync(program, arguments, cancellationToken, input);
        return (result.ExitCode, result.Succeeded ? result.Output.Trim() : result.Reason);
    }
}
