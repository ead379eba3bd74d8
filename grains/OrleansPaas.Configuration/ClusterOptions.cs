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

    /// <summary>
    /// T, the partition bound: a node that cannot reach the cluster for T/2 stops its own non-web
    /// instances (at once when it learns it was declared dead), and the survivors re-place the non-web
    /// instances of a node that left only once T has passed since they saw it gone, so a worker never
    /// runs twice. Web instances are re-placed at once.
    /// </summary>
    public TimeSpan PartitionBound { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The partition bound as supervision applies it: none on a single node, which has no one to be cut off from.</summary>
    public TimeSpan EffectivePartitionBound => IsClusterMode ? PartitionBound : TimeSpan.Zero;

    public bool IsClusterMode => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
