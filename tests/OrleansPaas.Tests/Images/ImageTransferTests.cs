using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Gateway.Images;
using OrleansPaas.Tests.EndToEnd;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Images;

/// <summary>Moving images between nodes without a registry: a real node's export endpoint and the real engine's load.</summary>
[Collection(NodeCollection.Name)]
public sealed class ImageTransferTests(NodeFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(2) };
    private readonly DockerClientProvider _docker = new(Options.Create(new PaasOptions()));

    private PaasNode Node => fixture.Node;

    private static string NewReference() => $"paas/transfer-test-{Guid.NewGuid().ToString("N")[..8]}:v1";

    [Fact]
    public async Task Export_PlatformImage_StreamsTarballThatRestoresTheSameImage()
    {
        await using var image = await TestImage.BuildAsync(NewReference());
        var tarball = Path.Combine(Path.GetTempPath(), $"paas-export-{Guid.NewGuid():N}.tar");
        try
        {
            using (var response = await GetImageAsync(image.Reference, Node.Token))
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
            await using var source = await TarballServer.StartAsync(tarball, "other-node-token");
            using var transfer = NewTransfer();
            var result = await transfer.FetchAsync(source.Url, image.Reference, "other-node-token", CancellationToken.None);

            Assert.True(result.Succeeded, result.Failure);
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

        var result = await transfer.FetchAsync(new Uri(Node.ControlUrl), image.Reference, Node.Token, CancellationToken.None);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(image.Id, result.ImageId);
        Assert.True(result.Bytes > 1024, $"only {result.Bytes} bytes");
        output.WriteLine($"transfer of {image.Reference}: {result.Bytes} bytes in {result.Duration.TotalMilliseconds:0} ms = {result.BytesPerSecond / 1024 / 1024:0.0} MiB/s");
    }

    [Fact]
    public async Task Export_WithoutToken_IsUnauthorized()
    {
        using var response = await GetImageAsync("paas/anything:v1", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Export_WrongToken_IsUnauthorized()
    {
        using var response = await GetImageAsync("paas/anything:v1", token: "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Export_UnknownImage_IsNotFoundProblem()
    {
        using var response = await GetImageAsync(NewReference(), Node.Token);
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
        using var response = await GetImageAsync(reference, Node.Token);
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
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{Node.ControlUrl}/internal/images/{string.Format(rawPath, foreign.Reference.Replace(":", "%3A"))}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Node.Token);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not an image reference", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_StackImage_IsAllowed()
    {
        // The test node's stack images are the offline busybox base image.
        using var response = await GetImageAsync(PaasNode.BaseImage, Node.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task FetchAsync_UnknownImage_FailsWithReason()
    {
        using var transfer = NewTransfer();
        var reference = NewReference();
        var result = await transfer.FetchAsync(new Uri(Node.ControlUrl), reference, Node.Token, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("is not on the node", result.Failure);
        Assert.Null(await TestImage.IdOfAsync(reference));
    }

    [Fact]
    public async Task FetchAsync_RefusedConnection_FailsWithReason()
    {
        using var transfer = NewTransfer();
        var result = await transfer.FetchAsync(new Uri($"http://127.0.0.1:{FreePorts.Next()}"), NewReference(), "token", CancellationToken.None);

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
        using var transfer = new ImageTransfer(_docker, NullLogger<ImageTransfer>.Instance, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var result = await transfer.FetchAsync(new Uri($"http://127.0.0.1:{port}"), NewReference(), "token", CancellationToken.None);

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
        using var transfer = new ImageTransfer(_docker, NullLogger<ImageTransfer>.Instance, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1),
            stallAfter: TimeSpan.FromMilliseconds(500));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await transfer.FetchAsync(new Uri($"http://127.0.0.1:{port}"), NewReference(), "token", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"gave up after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Failure!.Contains("no bytes came for 0.5 s") || result.Failure.Contains("could not load"), result.Failure);
    }

    public void Dispose()
    {
        _http.Dispose();
        _docker.Dispose();
    }

    private ImageTransfer NewTransfer() => new(_docker, NullLogger<ImageTransfer>.Instance, Microsoft.Extensions.Options.Options.Create(new OrleansPaas.Configuration.PaasOptions()));

    private Task<HttpResponseMessage> GetImageAsync(string reference, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ImageTransferPaths.For(new Uri(Node.ControlUrl), reference));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
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
