using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>
/// A cluster node's own settings: the address other nodes reach it on and the shared cluster
/// credential (the file is read, so a wrong path or password is found before anything starts).
/// Nothing is checked on a single node, where neither is used.
/// </summary>
public sealed class ClusterValidator : IValidateOptions<PaasOptions>
{
    public const string HowToMakeACertificate =
        "make one with deploy/cluster/make-cluster-cert.sh, copy the same cluster.pfx to every node and set Paas:Cluster:CertificatePath (and Paas:Cluster:CertificatePassword if it has one)";

    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        if (!options.Cluster.IsClusterMode)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (!IPAddress.TryParse(options.NodeAddress, out _))
        {
            problems.Add($"Paas:NodeAddress '{options.NodeAddress}' is not an IP address: set it to the address other nodes reach this one on.");
        }

        if (CertificateProblem(options.Cluster.CertificatePath, options.Cluster.CertificatePassword) is { } certificate)
        {
            problems.Add(certificate);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static string? CertificateProblem(string? path, string? password)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return $"Cluster mode needs the cluster certificate that authenticates nodes to each other: {HowToMakeACertificate}.";
        }

        if (!File.Exists(path))
        {
            return $"The cluster certificate {path} (Paas:Cluster:CertificatePath) does not exist: {HowToMakeACertificate}.";
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);
            return certificate.HasPrivateKey ? null : $"The cluster certificate {path} has no private key: {HowToMakeACertificate}.";
        }
        catch (CryptographicException ex)
        {
            return $"The cluster certificate {path} cannot be read ({OneLine.Of(ex.Message)}): check Paas:Cluster:CertificatePassword, or {HowToMakeACertificate}.";
        }
    }
}
