using System.Diagnostics;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Install;

/// <summary>
/// <c>deploy/install.sh</c> run once for a whole test collection (publishing takes minutes), into a
/// throw-away root of its own: its own prefix, settings, data, logs, <c>bin</c> folder and ports, the
/// node started in the background (as on a machine without systemd). The real system is not touched
/// beyond that root's own folder in /opt: no unit file, nothing in /usr/local/bin, /etc or /var.
/// Removed with <c>--uninstall --purge</c>.
/// </summary>
public sealed class InstalledPlatform : IAsyncLifetime
{
    public static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(25);

    // Not under /tmp: sshd runs the installed session helper only when no folder above it is writable by others.
    public string Root { get; } = Path.Combine("/opt", "paas-install-" + Guid.NewGuid().ToString("N")[..8]);

    public string Prefix => Path.Combine(Root, "opt");
    public string ConfigDir => Path.Combine(Root, "etc");
    public string DataDir => Path.Combine(Root, "data");
    public string LogDir => Path.Combine(Root, "log");
    public string RunDir => Path.Combine(Root, "run");
    public string BinDir => Path.Combine(Root, "bin");
    public string Home => Path.Combine(Root, "home");

    /// <summary>The installed `paas` itself (the native binary), and the wrapper that puts it on the PATH.</summary>
    public string PaasBinary => Path.Combine(Prefix, "cli", "paas");
    public string PaasOnPath => Path.Combine(BinDir, "paas");

    public string TokenFile => Path.Combine(DataDir, "admin-token");
    public string PidFile => Path.Combine(RunDir, "orleanspaas.pid");

    public int GatewayPort { get; } = FreePorts.Next();
    public int HttpsPort { get; } = FreePorts.Next();
    public int ControlPort { get; } = FreePorts.Next();
    private int SiloPort { get; } = FreePorts.Next();
    private int InternalPort { get; } = FreePorts.Next();

    public string ControlUrl => $"http://127.0.0.1:{ControlPort}";

    /// <summary>What the first install printed, and how long it took.</summary>
    public ProcessResult FirstInstall { get; private set; } = null!;

    public TimeSpan FirstInstallTime { get; private set; }

    public string Token => File.ReadAllText(TokenFile).Trim();

    /// <summary>The options of a first install: everything in the throw-away root.</summary>
    public string[] FirstInstallOptions =>
    [
        "--prefix", Prefix, "--config-dir", ConfigDir, "--data-dir", DataDir, "--log-dir", LogDir, "--run-dir", RunDir,
        "--bin-dir", BinDir, "--cache-dir", CacheDir, "--no-service", "--system-ssh",
        "--domain", "install.test", "--gateway-port", GatewayPort.ToString(), "--https-port", HttpsPort.ToString(),
        "--control-port", ControlPort.ToString(),
    ];

    /// <summary>Build output kept for the upgrades within the run (--uninstall removes it, as it does /var/cache/orleanspaas).</summary>
    private string CacheDir => Path.Combine(Root, "cache");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Home);
        var clock = Stopwatch.StartNew();
        FirstInstall = await InstallAsync(FirstInstallOptions);
        FirstInstallTime = clock.Elapsed;
        Assert.True(FirstInstall.ExitCode == 0, $"install.sh → {FirstInstall}");
    }

    /// <summary>Runs install.sh; only the settings folder is named, the rest it remembers.</summary>
    public Task<ProcessResult> InstallAsync(params string[] options) =>
        ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "deploy", "install.sh"), .. options], Root, ScriptEnvironment, InstallTimeout);

    /// <summary>Runs the installed paas as a user of this machine would: no PAAS_* variables, a home of its own.</summary>
    public Task<ProcessResult> PaasAsync(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null,
        string? standardInput = null, params string[] arguments)
    {
        var variables = new Dictionary<string, string> { ["HOME"] = Home, ["PAAS_URL"] = "", ["PAAS_TOKEN"] = "", ["XDG_CONFIG_HOME"] = "" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return ProcessRunner.RunAsync(program, arguments, workingDirectory, variables, TimeSpan.FromMinutes(1), standardInput);
    }

    /// <summary>The node's process, as the pid file names it, or null when it is not running.</summary>
    public int? NodeProcessId()
    {
        if (!File.Exists(PidFile) || !int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid))
        {
            return null;
        }

        return IsNodeProcess(pid) ? pid : null;
    }

    /// <summary>Whether <paramref name="pid"/> is a running node (an ended one, even unreaped, has an empty command line).</summary>
    public static bool IsNodeProcess(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("OrleansPaas.Silo.dll", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        var result = await InstallAsync("--config-dir", ConfigDir, "--uninstall", "--purge");
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        Assert.True(result.ExitCode == 0, $"install.sh --uninstall --purge → {result}");
    }

    /// <summary>
    /// The background node inherits the script's environment: ports only a test needs to move (the
    /// silo's and the internal listener's), and a node name of its own for its containers' labels.
    /// </summary>
    private Dictionary<string, string> ScriptEnvironment => new()
    {
        ["Paas__Cluster__SiloPort"] = SiloPort.ToString(),
        ["Paas__Cluster__InternalPort"] = InternalPort.ToString(),
        ["Paas__NodeName"] = "install-test-" + Path.GetFileName(Root)[^8..],
        ["PAAS_URL"] = "",
        ["PAAS_TOKEN"] = "",
    };
}
