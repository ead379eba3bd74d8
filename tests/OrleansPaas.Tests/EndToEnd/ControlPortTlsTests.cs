using System.Net;
using System.Net.Http.Headers;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// The control port (git + API) over HTTPS only, with the certificate of Paas:ControlCertificate:
/// a push and an API call over TLS, the git hook still calling back on loopback.
/// </summary>
public sealed class ControlPortTlsTests : IAsyncLifetime, IDisposable
{
    private readonly TestCertificateAuthority _ca = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("paas-control-tls-").FullName;
    private readonly PaasNode _node;
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _leaf;

    public ControlPortTlsTests()
    {
        var (chain, key, leaf) = _ca.Issue(["localhost", "127.0.0.1"]);
        _leaf = leaf;
        File.WriteAllText(CertificateFile, chain);
        File.WriteAllText(KeyFile, key);
        File.WriteAllText(RootFile, _ca.Root.ExportCertificatePem());
        _node = new PaasNode(settings: [$"--Paas:ControlCertificate:Path={CertificateFile}", $"--Paas:ControlCertificate:KeyPath={KeyFile}"])
        {
            ControlOverTls = true,
        };
    }

    private string CertificateFile => Path.Combine(_dir, "control.pem");
    private string KeyFile => Path.Combine(_dir, "control-key.pem");
    private string RootFile => Path.Combine(_dir, "root.pem");

    public Task InitializeAsync() => _node.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task PushAndApi_OverHttps_WithTheConfiguredCertificate()
    {
        var (served, _) = await TestCertificateAuthority.ServerChainAsync(_node.ControlPort, "localhost");
        Assert.Equal(_leaf.Thumbprint, served.Thumbprint);

        using var api = _ca.Client(_node.ControlPort);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _node.Token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"https://localhost:{_node.ControlPort}/api/apps")).StatusCode);

        var app = NodeFixture.NewAppName("over-tls");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "pushed over https");
        var push = await source.PushAsync($"https://paas:{_node.Token}@localhost:{_node.ControlPort}/{app}.git",
            environment: new Dictionary<string, string> { ["GIT_SSL_CAINFO"] = RootFile });

        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Contains("Application deployed", push.Output);
        Assert.Equal((HttpStatusCode.OK, "pushed over https\n"), await _node.GetAsync($"{app}.{PaasNode.Domain}"));
    }

    [Fact]
    public async Task Start_HttpsControlUrlWithoutACertificate_RefusesToStartSayingWhatToSet()
    {
        await using var bare = new PaasNode { ControlOverTls = true };

        await bare.LaunchAsync();

        Assert.Equal(1, await bare.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Paas:ControlCertificate:Path", bare.StandardError.ToString());
    }

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
