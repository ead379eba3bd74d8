using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Credentials;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Gateway.Images;
using OrleansPaas.Tests.EndToEnd;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Images;

/// <summary>
/// Moving images between nodes without a registry: a real node's internal listener and the real
/// engine's load. The single test node's credential (its generated certificate) stands in for the
/// cluster certificate: the same listener and checks serve a cluster.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ImageTransferTests(NodeFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly DockerClientProvider _docker = new(Options.Create(new PaasOptions()));

    private PaasNode Node => fixture.Node;

    private NodeCredential Credential => new(X509CertificateLoader.LoadPkcs12FromFile(Node.SiloCertificatePath, null));

    private static string NewReference() => $"paas/transfer-test-{Guid.NewGuid().ToString("N")[..8]}:v1";

    [Fact]
    public async Task Export_PlatformImage_StreamsTarballThatRestoresTheSameImage()
    {
        await using var image = await TestImage.BuildAsync(NewReference());
        var tarball = Path.Combine(Path.GetTempPath(), $"paas-export-{Guid.NewGuid():N}.tar");
        try
        {
            using (var response = await GetImageAsync(image.Reference, Credential.Certificate))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/x-tar", response.Content.Headers.ContentType?.MediaType);
                await using var file = File.Create(tarball);
                await response.Content.CopyToAsync(file);
            }

            Assert.Contains("manifest.json", await TarEntriesAsync(tarball));

            await image.RemoveAsync();
            Assert.Null(await TestImage.IdOfAsync(image.Reference));

            // One engine on this machine: the tarball the real node exported stands in for the other node.
            await using var source = await TarballServer.StartAsync(tarball, Credential.Certificate);
            using var transfer = NewTransfer();
            var result = await transfer.FetchAsync(source.Url, image.Reference, CancellationToken.None);

            Assert.True(result.Succeeded, result.Failure);
            // What crossed the network: the node's certificate, and no token of any kind.
            Assert.Equal([null], source.Authorizations);
            Assert.True(Credential.Admits(Assert.Single(source.ClientCertificates)), "the fetch did not present the node's certificate");
            Assert.Equal(image.Id, result.ImageId);
            Assert.Equal(image.Id, await TestImage.IdOfAsync(image.Reference));
            Assert.Equal(new FileInfo(tarball).Length, result.Bytes);
        }
        finally
        {
            File.Delete(tarball);
        }
    }

    [Fact]
    public async Task FetchAsync_FromRealNode_StreamsIntoTheEngineAndReportsFigures()
    {
        await using var image = await TestImage.BuildAsync(NewReference());
        using var transfer = NewTransfer();

        var result = await transfer.FetchAsync(new Uri(Node.InternalUrl), image.Reference, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(image.Id, result.ImageId);
        Assert.True(result.Bytes > 1024, $"only {result.Bytes} bytes");
        output.WriteLine($"transfer of {image.Reference}: {result.Bytes} bytes in {result.Duration.TotalMilliseconds:0} ms = {result.BytesPerSecond / 1024 / 1024:0.0} MiB/s");
    }

    [Fact]
    public async Task Export_WithoutClientCertificate_HandshakeRefusedEvenWithTheAdminToken() =>
        await AssertRefusedInTheHandshakeAsync(null, "it presented no certificate");

    [Fact]
    public async Task Export_ForeignCertificate_HandshakeRefusedEvenWithTheAdminToken()
    {
        using var foreign = SelfSigned();

        await AssertRefusedInTheHandshakeAsync(foreign, "is not this node's credential");
    }

    [Fact]
    public async Task Export_OnTheControlPortWithTheAdminToken_IsRefused()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, ImageTransferPaths.For(new Uri(Node.ControlUrl), PaasNode.BaseImage));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Node.Token);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("cluster certificate", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_UnknownImage_IsNotFoundProblem()
    {
        using var response = await GetImageAsync(NewReference(), Credential.Certificate);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not on this node", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("busybox:latest")]
    [InlineData("library/paas:v1")]
    [InlineData("docker.io/paas/blog:v1")]
    public async Task Export_ForeignImage_IsForbiddenProblem(string reference)
    {
        using var response = await GetImageAsync(reference, Credential.Certificate);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("paas%2F..%2F..%2Fimages%2F{0}")]
    [InlineData("paas%252F..%252F..%252Fimages%252F{0}")]
    [InlineData("paas%2Fx%2F..%2F..%2F..%2Fimages%2F{0}")]
    public async Task Export_ReferenceClimbingOutOfPaas_IsRefusedWith400AndExportsNothing(string rawPath)
    {
        // A foreign image that is on the node: the climb must not reach it.
        await using var foreign = await TestImage.BuildAsync($"foreign-{Guid.NewGuid().ToString("N")[..8]}:v1");
        // As another node asks: on the internal listener, with the cluster certificate.
        using var response = await SendWithCertificateAsync(
            new Uri($"{Node.InternalUrl}/internal/images/{string.Format(rawPath, foreign.Reference.Replace(":", "%3A"))}"), Credential.Certificate);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not an image reference", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/apps")]
    [InlineData("/metrics")]
    [InlineData("/x.git/info/refs?service=git-upload-pack")]
    [InlineData("/")]
    public async Task InternalListener_ServesNothingButImages_EvenToACertificateHolderWithTheAdminToken(string path)
    {
        using var response = await SendWithCertificateAsync(new Uri(new Uri(Node.InternalUrl), path), Credential.Certificate, bearer: Node.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Export_StackImage_IsAllowed()
    {
        // The test node's stack images are the offline busybox base image.
        using var response = await GetImageAsync(PaasNode.BaseImage, Credential.Certificate);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task FetchAsync_UnknownImage_FailsWithReason()
    {
        using var transfer = NewTransfer();
        var reference = NewReference();
        var result = await transfer.FetchAsync(new Uri(Node.InternalUrl), reference, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("is not on the node", result.Failure);
        Assert.Null(await TestImage.IdOfAsync(reference));
    }

    [Fact]
    public async Task FetchAsync_RefusedConnection_FailsWithReason()
    {
        using var transfer = NewTransfer();
        var result = await transfer.FetchAsync(new Uri($"http://127.0.0.1:{FreePorts.Next()}"), NewReference(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("refused", result.Failure);
    }

    [Fact]
    public async Task FetchAsync_SilentPeer_TimesOutWithReason()
    {
        // Accepts the connection and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var transfer = new ImageTransfer(_docker, NullLogger<ImageTransfer>.Instance, Credential, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var result = await transfer.FetchAsync(new Uri($"http://127.0.0.1:{port}"), NewReference(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("did not finish within", result.Failure);
    }

    [Fact]
    public async Task FetchAsync_SourceStallsMidTransfer_FailsAfterTheStallLimitNotTheWholeTimeout()
    {
        // Answers 200 and the start of a tarball, then sends nothing more without closing: a node whose machine died.
        using var stalling = new TcpListener(IPAddress.Loopback, 0);
        stalling.Start();
        var port = ((IPEndPoint)stalling.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await stalling.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var request = new byte[4096];
            _ = await stream.ReadAsync(request);
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: 1000000\r\n\r\n" + new string('a', 512)));
            await Task.Delay(TimeSpan.FromSeconds(20));
        });
        using var transfer = new ImageTransfer(_docker, NullLogger<ImageTransfer>.Instance, Credential, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1),
            stallAfter: TimeSpan.FromMilliseconds(500));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await transfer.FetchAsync(new Uri($"http://127.0.0.1:{port}"), NewReference(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"gave up after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Failure!.Contains("no bytes came for 0.5 s") || result.Failure.Contains("could not load"), result.Failure);
    }

    public void Dispose() => _docker.Dispose();

    private ImageTransfer NewTransfer() => new(_docker, NullLogger<ImageTransfer>.Instance, Credential);

    /// <summary>GET on the node's internal listener, presenting <paramref name="certificate"/> (or none).</summary>
    private Task<HttpResponseMessage> GetImageAsync(string reference, X509Certificate2? certificate, string? bearer = null) =>
        SendWithCertificateAsync(ImageTransferPaths.For(new Uri(Node.InternalUrl), reference), certificate, bearer);

    private static async Task<HttpResponseMessage> SendWithCertificateAsync(Uri uri, X509Certificate2? certificate, string? bearer = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = certificate is null ? null : [certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        }) { Timeout = TimeSpan.FromMinutes(2) };
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        // Buffered: the client is disposed before the caller reads.
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
    }

    /// <summary>
    /// No HTTP answer at all (the request never reached the endpoint, token or not), and the node's log
    /// says the certificate was why. The client may see the handshake finish before the refusal
    /// arrives (the server checks the client's certificate last), so the client's error alone is not the reason.
    /// </summary>
    private async Task AssertRefusedInTheHandshakeAsync(X509Certificate2? certificate, string reason)
    {
        var line = "Refused a connection to the internal listener from ";
        var before = Node.LogCount(reason);

        await Assert.ThrowsAsync<HttpRequestException>(() => GetImageAsync(PaasNode.BaseImage, certificate, bearer: Node.Token));

        await Poll.UntilAsync(() => Task.FromResult(Node.LogCount(reason) > before), TimeSpan.FromSeconds(10), "the node to log why it refused the connection");
        Assert.True(Node.LogCount(line) > 0);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=orleanspaas-node", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task<List<string>> TarEntriesAsync(string path)
    {
        var names = new List<string>();
        await using var file = File.OpenRead(path);
        await using var reader = new TarReader(file);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }
}
