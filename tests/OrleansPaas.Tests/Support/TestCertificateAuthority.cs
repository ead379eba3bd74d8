using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A private CA for TLS tests: issues server certificates (PEM chain + key, as a user would hand
/// them to certs:add) and checks that a server's certificate chains to it.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificateAuthority(string name = "OrleansPaas Test Root")
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-365), DateTimeOffset.UtcNow.AddYears(5));
    }

    public X509Certificate2 Root { get; }

    /// <summary>A leaf for <paramref name="names"/> (RSA or EC key), valid in the given window; the chain PEM holds the leaf, then the root.</summary>
    public (string ChainPem, string KeyPem, X509Certificate2 Leaf) Issue(IEnumerable<string> names, DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null, bool rsa = false)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var list = names.ToList();
        var request = key is RSA r
            ? new CertificateRequest($"CN={list[0]}", r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={list[0]}", (ECDsa)key, HashAlgorithmName.SHA256);
        var alternative = new SubjectAlternativeNameBuilder();
        foreach (var name in list)
        {
            if (System.Net.IPAddress.TryParse(name, out var address))
            {
                alternative.AddIpAddress(address);
            }
            else
            {
                alternative.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternative.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        // Signed with the root's EC key whatever the leaf's key type.
        using var signed = request.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_key),
            notBefore ?? DateTimeOffset.UtcNow.AddHours(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30), serial);
        var leaf = X509CertificateLoader.LoadCertificate(signed.RawData);
        var keyPem = new string(PemEncoding.Write("PRIVATE KEY", key.ExportPkcs8PrivateKey()));
        return (leaf.ExportCertificatePem() + "\n" + Root.ExportCertificatePem() + "\n", keyPem, leaf);
    }

    /// <summary>
    /// Opens TLS to 127.0.0.1:<paramref name="port"/> asking for <paramref name="serverName"/> (SNI) and
    /// returns the certificate the server sent and whether it chains to this CA; throws when the handshake fails.
    /// </summary>
    public async Task<(X509Certificate2 Certificate, bool Trusted)> HandshakeAsync(int port, string serverName)
    {
        var (certificate, _) = await ServerChainAsync(port, serverName);
        return (certificate, ChainsToRoot(certificate));
    }

    /// <summary>The certificate a server sends for <paramref name="serverName"/> and the intermediates it sends along; throws when the handshake fails.</summary>
    public static async Task<(X509Certificate2 Certificate, X509Certificate2Collection Sent)> ServerChainAsync(int port, string serverName)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        X509Certificate2? seen = null;
        var sent = new X509Certificate2Collection();
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, chain, _) =>
        {
            seen = certificate is null ? null : new X509Certificate2(certificate);
            if (chain is not null)
            {
                sent.AddRange(chain.ChainPolicy.ExtraStore);
            }

            return true;
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName }, timeout.Token);
        return (seen!, sent);
    }

    /// <summary>An HTTP client that reaches every https URL at 127.0.0.1:<paramref name="port"/> and trusts only this CA.</summary>
    public HttpClient Client(int port, bool followRedirects = false) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = followRedirects,
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && ChainsToRoot(new X509Certificate2(certificate))
                && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0,
        },
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public bool ChainsToRoot(X509Certificate2 certificate) => ChainsTo(certificate, Root);

    /// <summary>Whether <paramref name="leaf"/> chains to <paramref name="root"/> alone, using the intermediates a server sent.</summary>
    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, X509Certificate2Collection? intermediates = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        return chain.Build(leaf);
    }

    /// <summary>Like <see cref="ServerChainAsync"/>, but null when the handshake fails (no certificate for that name, say).</summary>
    public static async Task<(X509Certificate2 Certificate, X509Certificate2Collection Sent)?> TryServerChainAsync(int port, string serverName)
    {
        try
        {
            return await ServerChainAsync(port, serverName);
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException or SocketException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }
}
