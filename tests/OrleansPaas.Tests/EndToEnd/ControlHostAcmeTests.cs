using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// The control port over HTTPS with a certificate for Paas:ControlHost from the same ACME machinery
/// as apps (pebble validating through the node's gateway): it serves once the order is done.
/// </summary>
public sealed class ControlHostAcmeTests : IAsyncLifetime
{
    private const string ControlHost = "paas-control.example.test";
    private readonly PebbleServer _pebble = new();
    private PaasNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = new PaasNode(settings:
        [
            $"--Paas:Acme:DirectoryUrl={_pebble.DirectoryUrl}", $"--Paas:Acme:TrustedCaFile={_pebble.TrustedCaFile}", $"--Paas:ControlHost={ControlHost}",
        ])
        {
            ControlOverTls = true,
        };
        await _pebble.StartAsync(_node.GatewayPort);
        // Starting includes waiting for the control port to answer, so for the certificate to be issued.
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _pebble.DisposeAsync();
    }

    [Fact]
    public async Task ControlPort_ServesTheAcmeCertificateOfControlHost_TheApiAnswersOverIt()
    {
        var root = await _pebble.IssuingRootAsync();
        var (served, intermediates) = await TestCertificateAuthority.ServerChainAsync(_node.ControlPort, ControlHost);
        Assert.True(TestCertificateAuthority.ChainsTo(served, root, intermediates), "the control certificate must chain to the ACME server's root");
        Assert.Contains(ControlHost, served.GetNameInfo(X509NameType.DnsName, forIssuer: false));

        using var api = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync("127.0.0.1", _node.ControlPort, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { root },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _node.Token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"https://{ControlHost}:{_node.ControlPort}/api/apps")).StatusCode);
    }
}
