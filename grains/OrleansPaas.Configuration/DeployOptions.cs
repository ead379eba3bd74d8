namespace OrleansPaas.Configuration;

public sealed class DeployOptions
{
    /// <summary>The port an app listens on when its image exposes none (Heroku's convention is $PORT; 5000 like Dokku).</summary>
    public int DefaultPort { get; set; } = 5000;

    /// <summary>Memory limit of one container of an app, like a Heroku dyno's; an app's own <c>resource:limit --memory</c> wins.</summary>
    public int MemoryLimitMiB { get; set; } = 512;

    /// <summary>
    /// Cores one container of an app may use (Docker's <c>--cpus</c>); an app's own
    /// <c>resource:limit --cpu</c> wins. One core leaves the rest of a small machine to the gateway,
    /// the silo and other apps; a node with fewer cores gives what it has.
    /// </summary>
    public decimal CpuLimit { get; set; } = 1;

    /// <summary>
    /// The capabilities an app's containers keep; every other one is dropped (NET_RAW among them:
    /// no raw sockets, no ARP or ping spoofing on the apps' bridge). Null: <see cref="DefaultCapabilities"/>.
    /// (Null rather than a filled list because configuration binding appends to a list it finds.)
    /// </summary>
    public List<string>? Capabilities { get; set; }

    /// <summary>
    /// What ordinary apps need of Docker's default set: an entrypoint running as root that changes
    /// file owners and drops to its own user (CHOWN, DAC_OVERRIDE, FOWNER, FSETID, SETUID, SETGID),
    /// signals its children (KILL), and listens on a port below 1024 such as 80 (NET_BIND_SERVICE).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultCapabilities =
        ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID"];

    public IReadOnlyList<string> EffectiveCapabilities => Capabilities ?? DefaultCapabilities;

    /// <summary>
    /// The most one container of an app may write to its own filesystem (Docker's <c>--storage-opt size=</c>,
    /// e.g. <c>2g</c>); unset: no bound. Only some engines take it (overlay2 on xfs mounted with
    /// <c>pquota</c>, btrfs, zfs); elsewhere containers would not start, so it is the operator's choice.
    /// </summary>
    public string? DiskLimit { get; set; }

    /// <summary>How long a new instance has to answer on its port before the deploy is abandoned.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long old web instances keep running after the routes moved away from them, so requests
    /// already in flight finish before SIGTERM.
    /// </summary>
    public TimeSpan DrainTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the release phase (Procfile <c>release:</c>) may run before it is killed and the deploy aborted.</summary>
    public TimeSpan ReleasePhaseTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an old instance gets to finish after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Processes (and threads) one container may have: a fork bomb stays inside its app.</summary>
    public long PidsLimit { get; set; } = 512;

    /// <summary>Size of one container's log file before Docker rotates it (json-file <c>max-size</c>).</summary>
    public string LogMaxSize { get; set; } = "10m";

    /// <summary>Log files kept per container (json-file <c>max-file</c>): logs take at most LogMaxSize × this.</summary>
    public int LogMaxFiles { get; set; } = 3;

    /// <summary>
    /// The Docker network apps' containers run on: a bridge where containers cannot reach each
    /// other (only through the gateway), while this node reaches each on its address.
    /// </summary>
    public string Network { get; set; } = "paas";

    /// <summary>
    /// The node installs its own iptables rules so that its apps' containers reach the internet and
    /// nothing of the platform except through the public gateway (README, "What apps can reach").
    /// Turn it off for an engine the node does not manage (a remote <c>Paas:DockerEndpoint</c>, or one
    /// whose firewall the operator keeps); on a remote engine it is skipped anyway.
    /// </summary>
    public bool Firewall { get; set; } = true;
}
