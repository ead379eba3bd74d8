using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Credentials;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// Where other nodes fetch images (never the control port, whose callers hold the admin token):
/// HTTPS with the node's credential, and a connection must present that same certificate or the
/// handshake fails, so nothing but another node gets as far as a request. On every interface in a
/// cluster, on loopback alone on a single node (like the silo port). A refused peer is logged, with
/// the reason: a node with the wrong certificate is found from its neighbours' logs.
/// </summary>
public static partial class InternalListener
{
    public static void Listen(KestrelServerOptions kestrel, PaasOptions options)
    {
        var credential = kestrel.ApplicationServices.GetRequiredService<NodeCredential>();
        var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InternalListener).FullName!);
        var address = options.Cluster.IsClusterMode ? IPAddress.Any : IPAddress.Loopback;
        kestrel.Listen(address, options.Cluster.InternalPort, listen => listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            // Our own validation rather than Kestrel's ClientCertificateValidation, which is never
            // asked about a connection without a certificate, so could not say why it was refused.
            OnConnection = context => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificate = credential.Certificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, remote, _, _) => Admits(credential, remote, context.Connection.RemoteEndPoint, logger),
            }),
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        }));
    }

    private static bool Admits(NodeCredential credential, X509Certificate? remote, EndPoint? peer, ILogger logger)
    {
        if (remote is null)
        {
            LogRefused(logger, peer?.ToString(), "it presented no certificate");
            return false;
        }

        var certificate = remote as X509Certificate2 ?? new X509Certificate2(remote);
        if (credential.Admits(certificate))
        {
            return true;
        }

        LogRefused(logger, peer?.ToString(), $"its certificate {certificate.Subject} ({certificate.Thumbprint}) is not this node's credential");
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a connection to the internal listener from {Peer}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? peer, string reason);
}
