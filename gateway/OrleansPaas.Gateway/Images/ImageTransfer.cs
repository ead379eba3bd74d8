using OrleansPaas.NodeServices.Runtime;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using OrleansPaas.Configuration.Credentials;

namespace OrleansPaas.Gateway.Images;

/// <summary>
/// The client half of moving an image between nodes without a registry: GETs another node's
/// <c>docker save</c> tarball from its internal listener and streams it straight into this node's
/// <c>docker load</c>. Nothing is buffered or written to disk on the way, so images of any size
/// move in constant memory. <c>storage:move</c>'s volume copies come the same way (<see cref="ReceiveAsync"/>).
/// </summary>
public sealed partial class ImageTransfer : IDisposable
{
    private readonly DockerClientProvider _docker;
    private readonly ILogger<ImageTransfer> _logger;
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _stallAfter;

    /// <summary>A source that sends nothing for this long is given up, and the image is fetched from another holder.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(30);

    public ImageTransfer(DockerClientProvider docker, ILogger<ImageTransfer> logger, NodeCredential credential)
        : this(docker, logger, credential, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(10), StallAfter)
    {
    }

    internal ImageTransfer(DockerClientProvider docker, ILogger<ImageTransfer> logger, NodeCredential credential, TimeSpan timeout, TimeSpan connectTimeout,
        TimeSpan? stallAfter = null)
    {
        _docker = docker;
        _logger = logger;
        _timeout = timeout;
        _stallAfter = stallAfter ?? StallAfter;
        // The overall bound is ours (per call), not HttpClient's, so a slow but moving transfer is
        // judged on the whole, and a dead peer fails fast at connect (mutual TLS: ClusterHttpHandler).
        _http = new HttpClient(ClusterHttpHandler.Create(credential, connectTimeout))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Fetches <paramref name="reference"/> from the internal listener at <paramref name="sourceUrl"/> (another node's <c>Paas:Cluster:InternalPort</c>).</summary>
    public async Task<ImageTransferResult> FetchAsync(Uri sourceUrl, string reference, CancellationToken cancellationToken)
    {
        string? imageId = null;
        var (failure, bytes, duration) = await ReceiveAsync(ImageTransferPaths.For(sourceUrl, reference), sourceUrl, reference,
            status => Refusal(sourceUrl, reference, status), async (body, token) =>
            {
                if (await LoadAsync(body, token) is { } loadError)
                {
                    return $"the local engine could not load the image from {sourceUrl}: {loadError}";
                }

                try
                {
                    imageId = (await _docker.Client.Images.InspectImageAsync(reference, token)).ID;
                    return null;
                }
                catch (DockerImageNotFoundException)
                {
                    return $"the tarball from {sourceUrl} loaded but did not contain {reference}";
                }
            }, cancellationToken);
        if (failure is not null)
        {
            return Fail(reference, failure, bytes, duration);
        }

        var result = ImageTransferResult.Loaded(reference, imageId!, bytes, duration);
        LogFetched(_logger, reference, sourceUrl, result.Bytes, result.Duration.TotalMilliseconds);
        return result;
    }

    /// <summary>
    /// The one way anything moves between nodes (images, and volumes for <c>storage:move</c>): a GET of
    /// <paramref name="url"/> on another node's internal listener, with mutual TLS, the body streamed into
    /// <paramref name="consume"/> as it comes (counted, and given up when it stalls or the whole takes too
    /// long). The failure is one sentence naming <paramref name="what"/>; null when it arrived.
    /// </summary>
    /// <param name="limit">The bound on the whole transfer; the image default (30 min) when null.</param>
    /// <param name="progress">Told the bytes received so far after each read.</param>
    public async Task<(string? Failure, long Bytes, TimeSpan Duration)> ReceiveAsync(Uri url, Uri sourceUrl, string what,
        Func<HttpStatusCode, string> refusal, Func<Stream, CancellationToken, Task<string?>> consume, CancellationToken cancellationToken,
        TimeSpan? limit = null, Action<long>? progress = null, TimeSpan? stallAfter = null)
    {
        var clock = Stopwatch.StartNew();
        var whole = limit ?? _timeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(whole);
        CountingStream? body = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (refusal(response.StatusCode), 0, clock.Elapsed);
            }

            body = new CountingStream(await response.Content.ReadAsStreamAsync(deadline.Token), stallAfter ?? _stallAfter, progress);
            return (await consume(body, deadline.Token), body.Count, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ($"fetching {what} from {sourceUrl} did not finish within {whole}", body?.Count ?? 0, clock.Elapsed);
        }
        catch (HttpRequestException ex)
        {
            var why = ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                ? "the connection was refused (is the node running?)"
                : ex.GetBaseException().Message;
            return ($"could not fetch {what} from {sourceUrl}: {why}", body?.Count ?? 0, clock.Elapsed);
        }
        catch (IOException ex)
        {
            return ($"the transfer of {what} from {sourceUrl} broke off: {ex.GetBaseException().Message}", body?.Count ?? 0, clock.Elapsed);
        }
        finally
        {
            body?.Dispose();
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Streams the tarball into the engine; the engine reports a bad tarball inside its progress messages, not as an HTTP error.</summary>
    private async Task<string?> LoadAsync(Stream tarball, CancellationToken cancellationToken)
    {
        string? error = null;
        var progress = new SynchronousProgress<JSONMessage>(message =>
        {
            if (!string.IsNullOrEmpty(message.ErrorMessage) || message.Error is not null)
            {
                error ??= message.ErrorMessage ?? message.Error?.Message;
            }
        });
        try
        {
            await _docker.Client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, tarball, progress, cancellationToken);
        }
        catch (DockerApiException ex)
        {
            return ex.ResponseBody.Trim();
        }

        return error;
    }

    private static string Refusal(Uri source, string reference, HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => $"{reference} is not on the node at {source}",
        HttpStatusCode.Unauthorized => $"the node at {source} did not take this node's certificate as the cluster's",
        HttpStatusCode.Forbidden => $"the node at {source} does not export {reference} (only paas/ and stack images move between nodes)",
        _ => $"the node at {source} answered {(int)status} {status} for {reference}",
    };

    private ImageTransferResult Fail(string reference, string reason, long bytes, TimeSpan duration)
    {
        LogFailed(_logger, reference, reason);
        return ImageTransferResult.Failed(reference, reason, bytes, duration);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched image {Reference} from {Source}: {Bytes} bytes in {Milliseconds:0} ms")]
    private static partial void LogFetched(ILogger logger, string reference, Uri source, long bytes, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch image {Reference}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reference, string reason);
}
