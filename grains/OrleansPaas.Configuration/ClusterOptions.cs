namespace OrleansPaas.Configuration;

public sealed class ClusterOptions
{
    /// <summary>Set → this node is a member of a cluster on PostgreSQL; unset → one node on SQLite.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Orleans ClusterId and ServiceId in cluster mode: nodes with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "orleanspaas";

    /// <summary>Silo-to-silo port (TCP); in cluster mode every other node must reach it.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The internal listener (HTTPS, TCP): other nodes fetch images here, authenticated by the cluster
    /// certificate on both ends (a single node listens on loopback with its own generated one). In
    /// cluster mode every other node must reach it, like <see cref="SiloPort"/>.
    /// </summary>
    public int InternalPort { get; set; } = 11112;

    /// <summary>
    /// The cluster credential, a PKCS#12 (.pfx) file holding one certificate and its private key,
    /// the same file on every node (deploy/cluster/make-cluster-cert.sh). Required in cluster mode.
    /// </summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public bool IsClusterMode => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
