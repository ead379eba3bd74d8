using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// Renewal without cron: pebble issues 45-second certificates, so a third of the lifetime is left
/// after 30 s; the app's reminder (checking every 5 s here) orders a new one and the gateway swaps
/// it in while HTTPS requests keep being answered.
/// </summary>
public sealed class LetsEncryptRenewalTests : IAsyncLifetime
{
    private readonly PebbleServer _pebble = new();
    private PaasNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = new PaasNode(settings:
        [
            $"--Paas:Acme:DirectoryUrl={_pebble.DirectoryUrl}", $"--Paas:Acme:TrustedCaFile={_pebble.TrustedCaFile}",
            "--Paas:Acme:RenewalCheckInterval=00:00:05",
        ]);
        await _pebble.StartAsync(_node.GatewayPort, certificateValidity: TimeSpan.FromSeconds(45));
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _pebble.DisposeAsync();
    }

    [Fact]
    public async Task Reminder_RenewsTheCertificateBeforeItExpires_NoHttpsRequestFails()
    {
        var app = NodeFixture.NewAppName("renewed");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "renewed");
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        using (var api = new HttpClient { Timeout = TimeSpan.FromMinutes(3) })
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _node.Token);
            using var enabled = await api.PostAsync($"{_node.ControlUrl}/api/apps/{app}/letsencrypt", null);
            var stream = await enabled.Content.ReadAsStringAsync();
            Assert.True(stream.Contains("\"exitCode\":0", StringComparison.Ordinal), stream);
        }

        var root = await _pebble.IssuingRootAsync();
        var first = await Poll.UntilAsync(() => GetAsync(host, root), r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "HTTPS to answer");

        // Each request opens its own connection, so each sees the certificate served at that moment.
        var failures = new List<string>();
        var requests = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        var latest = first.Thumbprint;
        while (latest == first.Thumbprint && DateTime.UtcNow < deadline)
        {
            var (status, thumbprint, error) = await GetAsync(host, root);
            requests++;
            if (status != HttpStatusCode.OK)
            {
                failures.Add(error ?? status.ToString());
            }

            latest = thumbprint ?? latest;
        }

        Assert.NotEqual(first.Thumbprint, latest);
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} HTTPS requests failed: {string.Join("; ", failures.Distinct().Take(3))}");
    }

    private async Task<(HttpStatusCode Status, string? Thumbprint, string? Error)> GetAsync(string host, X509Certificate2 root)
    {
        string? thumbprint = null;
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync("127.0.0.1", _node.GatewayHttpsPort, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }

                    var leaf = new X509Certificate2(certificate);
                    thumbprint = leaf.Thumbprint;
                    return TestCertificateAuthority.ChainsTo(leaf, root, chain?.ChainPolicy.ExtraStore);
                },
            },
        })
        { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync($"https://{host}:{_node.GatewayHttpsPort}/");
            return (response.StatusCode, thumbprint, null);
        }
        catch (HttpRequestException ex)
        {
            return (0, thumbprint, ex.GetBaseException().Message);
        }
    }
}
