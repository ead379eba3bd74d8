using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// The single node's silo port is on loopback, where every user of the machine reaches it: only a
/// peer with the node's own certificate (generated into the data folder) gets past the handshake.
/// </summary>
public sealed class SingleNodeSiloTests : IAsyncLifetime
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(20);
    private readonly PaasNode _node = new();

    private string CertificatePath => Path.Combine(_node.DataDir, "silo.pfx");

    public Task InitializeAsync() => _node.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task SiloPort_PlainConnectionSendingAnOrleansPreamble_IsClosedWithoutAWord()
    {
        var refusalsBefore = _node.LogCount(NotTls);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _node.SiloPort);
        var stream = tcp.GetStream();
        // The preamble of a silo of Orleans' well-known development cluster, which the node used to be.
        await stream.WriteAsync(OrleansPreamble.For("dev", new IPEndPoint(IPAddress.Loopback, FreePorts.Next())));

        var (received, closed) = await ReadUntilClosedAsync(stream);

        // A silo speaking Orleans answers with its own preamble; a TLS server takes the preamble for a
        // broken ClientHello, says nothing and hangs up ...
        Assert.True(received.Length == 0, $"the silo port answered {received.Length} bytes to a plain connection: {Convert.ToHexString(received.AsSpan(0, Math.Min(received.Length, 64)))}");
        Assert.True(closed, "the silo port kept the plain connection open");
        // ... and says why in its log: what arrived was no TLS.
        await Poll.UntilAsync(() => Task.FromResult(_node.LogCount(NotTls) > refusalsBefore), Answer, "the node to log the refused handshake");
    }

    [Fact]
    public async Task SiloPort_TlsWithAnotherCertificate_RefusedForTheCertificate()
    {
        using var foreign = SelfSigned("CN=orleanspaas-node");

        await AssertRefusedForTheCertificateAsync(foreign);
    }

    [Fact]
    public async Task SiloPort_TlsWithoutCertificate_RefusedForTheCertificate() => await AssertRefusedForTheCertificateAsync(null);

    [Fact]
    public async Task Restart_KeepsTheCertificateAndTheIds_OwnerOnly()
    {
        var idsPath = Path.Combine(_node.DataDir, "silo-ids.json");
        var certificate = await File.ReadAllBytesAsync(CertificatePath);
        var ids = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(idsPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CertificatePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(idsPath));
        // A new data folder gets unguessable ids, not Orleans' development "dev".
        Assert.NotEqual("dev", ids.GetProperty("ServiceId").GetString());
        Assert.NotEqual("dev", ids.GetProperty("ClusterId").GetString());

        await _node.StopAsync();
        await using var restarted = new PaasNode(_node.DataDir, _node.NodeName);
        await restarted.StartAsync();

        Assert.Equal(certificate, await File.ReadAllBytesAsync(CertificatePath));
        Assert.Equal(ids.GetRawText(), JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(idsPath)).GetRawText());
    }

    /// <summary>What the silo log says when a TLS handshake fails because of the peer's certificate, or because no TLS came.</summary>
    private const string CertificateRejected = "The remote certificate was rejected by the provided RemoteCertificateValidationCallback";
    private const string NotTls = "Cannot determine the frame size or a corrupted frame was received";

    /// <summary>
    /// The node shows its own certificate, then refuses ours in the handshake (the client side may see
    /// the handshake finish first: the server checks the client's certificate last) and hangs up before
    /// a single byte of Orleans; its log names the certificate as the reason.
    /// </summary>
    private async Task AssertRefusedForTheCertificateAsync(X509Certificate2? clientCertificate)
    {
        var refusalsBefore = _node.LogCount(CertificateRejected);
        X509Certificate2? served = null;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _node.SiloPort);
        await using var tls = new SslStream(tcp.GetStream());
        using var timeout = new CancellationTokenSource(Answer);
        var received = 0;
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "orleanspaas-node",
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    served = new X509Certificate2(certificate!);
                    return true;
                },
            }, timeout.Token);
            var buffer = new byte[4096];
            while (await tls.ReadAsync(buffer, timeout.Token) is > 0 and var read)
            {
                received += read;
            }
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // The refusal as the client sees it: an alert or a reset.
        }

        using var own = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, null);
        Assert.NotNull(served);
        Assert.Equal(own.Thumbprint, served.Thumbprint);
        Assert.Equal(0, received);
        await Poll.UntilAsync(() => Task.FromResult(_node.LogCount(CertificateRejected) > refusalsBefore), Answer, "the node to log the refused certificate");
    }

    private static async Task<(byte[] Received, bool Closed)> ReadUntilClosedAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Answer);
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return (received.ToArray(), true);
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return (received.ToArray(), true);
        }
        catch (OperationCanceledException)
        {
            return (received.ToArray(), false);
        }
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        // Through PKCS#12, so the key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
