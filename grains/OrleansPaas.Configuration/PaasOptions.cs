namespace OrleansPaas.Configuration;

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

    /// <summary>Where apps' TCP and UDP ports (<c>ports:add</c>) are published: all interfaces unless set (tests use 127.0.0.1).</summary>
    public string PublicAddress { get; set; } = "0.0.0.0";
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
    public SshOptions Ssh { get; set; } = new();
    public AuditOptions Audit { get; set; } = new();
    public CronOptions Cron { get; set; } = new();
    public ServicesOptions Services { get; set; } = new();
    public BackupsOptions Backups { get; set; } = new();
    public StorageOptions Storage { get; set; } = new();

    /// <summary>The platform domain as used in host names: lower case, no trailing dot.</summary>
    public string NormalizedDomain => Domain.Trim().TrimEnd('.').ToLowerInvariant();
}
