namespace OrleansPaas.Grains.Configuration;

/// <summary>The <c>Paas</c> configuration section; names and defaults are the contract in DESIGN.md §1.</summary>
public sealed class PaasOptions
{
    public const string SectionName = "Paas";

    public string Domain { get; set; } = "localhost";
    public string DataDir { get; set; } = "./data";
    public string GatewayUrls { get; set; } = "http://0.0.0.0:8080";
    public string GatewayHttpsUrls { get; set; } = "https://0.0.0.0:8443";
    public string ControlUrls { get; set; } = "http://0.0.0.0:8081";

    /// <summary>The certificate of <c>https://</c> control URLs, as a PEM pair; or leave it unset and name <see cref="ControlHost"/>.</summary>
    public ControlCertificateOptions ControlCertificate { get; set; } = new();

    /// <summary>The control port's public name: with <c>https://</c> control URLs and no <see cref="ControlCertificate"/>, its certificate comes from ACME.</summary>
    public string? ControlHost { get; set; }

    /// <summary>Unset → generated on first start and kept in <c>&lt;DataDir&gt;/admin-token</c>.</summary>
    public string? AdminToken { get; set; }

    public string DockerEndpoint { get; set; } = "unix:///var/run/docker.sock";
    public string NodeName { get; set; } = Environment.MachineName;
    public string NodeAddress { get; set; } = "127.0.0.1";
    public ClusterOptions Cluster { get; set; } = new();
    public DeployOptions Deploy { get; set; } = new();
    public BuildOptions Build { get; set; } = new();
    public ReleasesOptions Releases { get; set; } = new();
    public SupervisionOptions Supervision { get; set; } = new();
    public GitOptions Git { get; set; } = new();
    public LogsOptions Logs { get; set; } = new();
    public AcmeOptions Acme { get; set; } = new();
    public SleepOptions Sleep { get; set; } = new();
    public BuildsOptions Builds { get; set; } = new();
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>The platform domain as used in host names: lower case, no trailing dot.</summary>
    public string NormalizedDomain => Domain.Trim().TrimEnd('.').ToLowerInvariant();
}

public sealed class ClusterOptions
{
    /// <summary>Set → this node is a member of a cluster on PostgreSQL; unset → one node on SQLite.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Orleans ClusterId and ServiceId in cluster mode: nodes with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "orleanspaas";

    /// <summary>Silo-to-silo port (TCP); in cluster mode every other node must reach it.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The cluster credential, a PKCS#12 (.pfx) file holding one certificate and its private key,
    /// the same file on every node (deploy/cluster/make-cluster-cert.sh). Required in cluster mode.
    /// </summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public bool IsClusterMode => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}

public sealed class SupervisionOptions
{
    /// <summary>
    /// How often every app's desired instances are compared with what the nodes run. Docker events
    /// correct a crash at once; this pass catches whatever an event missed.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class ReleasesOptions
{
    /// <summary>Images of this many latest releases stay on the node for rollback; older ones are removed.</summary>
    public int Keep { get; set; } = 5;

    /// <summary>
    /// Release records kept per app (the oldest go first, never the current one). Each holds a
    /// copy of the config it ran with, so rolling back restores that config too.
    /// </summary>
    public int KeepRecords { get; set; } = 100;
}

public sealed class BuildOptions
{
    /// <summary>The image buildpacks compile in (an app can override it with the config var <c>PAAS_STACK_BUILD_IMAGE</c>).</summary>
    public string StackBuildImage { get; set; } = "heroku/heroku:24-build";

    /// <summary>The image the compiled slug runs on (app override: <c>PAAS_STACK_RUN_IMAGE</c>).</summary>
    public string StackRunImage { get; set; } = "heroku/heroku:24";

    /// <summary>
    /// Buildpacks tried in order when an app names none (BUILDPACK_URL / .buildpacks); the first
    /// that detects builds. Unset → Heroku's official buildpacks. (Null rather than a filled list
    /// because configuration binding appends to a list it finds instead of replacing it.)
    /// </summary>
    public List<string>? DefaultBuildpacks { get; set; }

    public IReadOnlyList<string> EffectiveDefaultBuildpacks => DefaultBuildpacks is { Count: > 0 } configured ? configured : HerokuBuildpacks;

    private static readonly string[] HerokuBuildpacks =
    [
        "https://github.com/heroku/heroku-buildpack-nodejs.git",
        "https://github.com/heroku/heroku-buildpack-python.git",
        "https://github.com/heroku/heroku-buildpack-ruby.git",
        "https://github.com/heroku/heroku-buildpack-go.git",
        "https://github.com/heroku/heroku-buildpack-php.git",
        "https://github.com/heroku/heroku-buildpack-java.git",
        "https://github.com/heroku/heroku-buildpack-static.git",
    ];

    /// <summary>Memory for a builder container; compiling needs more than running.</summary>
    public int MemoryLimitMiB { get; set; } = 2048;

    /// <summary>Processes and threads of a build (compilers run many): a runaway build stays inside its limit.</summary>
    public long PidsLimit { get; set; } = 4096;

    /// <summary>
    /// How long a build (buildpack fetches included) may take before it is stopped and the push
    /// fails; the app's other commands never wait behind it longer than this.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
}

public sealed class DeployOptions
{
    /// <summary>The port an app listens on when its image exposes none (Heroku's convention is $PORT; 5000 like Dokku).</summary>
    public int DefaultPort { get; set; } = 5000;

    /// <summary>Memory limit of one instance, like a Heroku dyno's.</summary>
    public int MemoryLimitMiB { get; set; } = 512;

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
}

public sealed class GitOptions
{
    /// <summary>
    /// The largest push accepted, in bytes (the pack as sent, and the request once decompressed):
    /// git's <c>receive.maxInputSize</c>. A bigger push is refused and changes nothing.
    /// </summary>
    public long MaxPushBytes { get; set; } = 1L << 30;
}

public sealed class TelemetryOptions
{
    /// <summary>
    /// The gateway's per-request latency histogram on <c>/metrics</c> (the OpenTelemetry
    /// instrument). Off, only the per-app interlocked counters stay (status classes, open requests,
    /// bytes, and the latency buckets the dashboard's p50/p95 come from), which sleeping apps and
    /// the dashboard need.
    /// </summary>
    public bool RequestLatency { get; set; } = true;

    /// <summary>
    /// Unset: no OTLP and no tracing at all. Set: the platform's metrics are also sent over OTLP, and
    /// its traces (pushes, gateway requests) too. A base URL, as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is:
    /// over http/protobuf the signals go to <c>/v1/traces</c> and <c>/v1/metrics</c> under it.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (port 4318 of a collector) or <c>grpc</c> (port 4317).</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>How often the metrics are sent over OTLP (OpenTelemetry's default); traces go in batches within seconds.</summary>
    public TimeSpan OtlpMetricsInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class BuildsOptions
{
    /// <summary>Build records (and their output) kept per app for <c>builds:list</c> / <c>builds:output</c>; the oldest go first.</summary>
    public int Keep { get; set; } = 20;
}

public sealed class SleepOptions
{
    /// <summary>The idle time after which apps without their own <c>sleep-after</c> sleep; unset: they never do.</summary>
    public TimeSpan? IdleAfter { get; set; }

    /// <summary>How long a request held for a sleeping app waits for it to wake before it gets a 503 with Retry-After.</summary>
    public TimeSpan WakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests one gateway holds for one waking app; beyond it, 503 at once (a flood must not pile up in memory).</summary>
    public int MaxHeldRequests { get; set; } = 1000;
}

public sealed class LogsOptions
{
    /// <summary>
    /// Output kept per app on each node (its instances' lines, of every release), so <c>logs</c>
    /// shows it after the containers are gone; the newest lines are kept.
    /// </summary>
    public int KeepMiB { get; set; } = 8;

    /// <summary>Lines held for one <c>logs</c> reader (per node and on the node serving it) before it must take some.</summary>
    public int FollowerBufferLines { get; set; } = 10_000;

    /// <summary>
    /// How long a reader may take no line while its buffer is full before it is dropped (its
    /// stream ends with a note): a stalled <c>logs -t</c> costs a bounded buffer, never more.
    /// </summary>
    public TimeSpan SlowReaderTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class AcmeOptions
{
    public const string LetsEncryptProduction = "https://acme-v02.api.letsencrypt.org/directory";

    /// <summary>The ACME directory <c>letsencrypt:*</c> orders from.</summary>
    public string DirectoryUrl { get; set; } = LetsEncryptProduction;

    /// <summary>Contact for the ACME account (expiry notices); optional.</summary>
    public string? Email { get; set; }

    /// <summary>A PEM file of extra roots trusted for the ACME server's own HTTPS (private or test ACME servers).</summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>How often each ACME certificate's reminder checks whether it is due for renewal (the reminder's period).</summary>
    public TimeSpan RenewalCheckInterval { get; set; } = TimeSpan.FromHours(1);
}

public sealed class ControlCertificateOptions
{
    /// <summary>PEM certificate chain (leaf first).</summary>
    public string? Path { get; set; }

    /// <summary>PEM private key (unencrypted) of the certificate.</summary>
    public string? KeyPath { get; set; }

    public bool IsSet => !string.IsNullOrWhiteSpace(Path);
}
