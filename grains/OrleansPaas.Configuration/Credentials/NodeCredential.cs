using System.Security.Cryptography.X509Certificates;

namespace OrleansPaas.Configuration.Credentials;

/// <summary>
/// The certificate this node authenticates to other nodes with, and the only one it accepts from
/// them: the cluster certificate in a cluster, the node's own generated one on a single node. One
/// credential for the silo port (Orleans' TLS) and the internal listener (images between nodes).
/// </summary>
public sealed class NodeCredential(X509Certificate2 certificate)
{
    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>The peer presented this very certificate (chain errors do not matter: it is typically self-signed).</summary>
    public bool Admits(X509Certificate2? remote) => ClusterCertificate.IsSame(Certificate, remote);

    public static NodeCredential For(PaasOptions options) => new(options.Cluster.IsClusterMode
        ? ClusterCertificate.Load(options.Cluster.CertificatePath!, options.Cluster.CertificatePassword)
        : SingleNodeCertificate.LoadOrCreate(new DataPaths(options).SiloCertificate));
}
