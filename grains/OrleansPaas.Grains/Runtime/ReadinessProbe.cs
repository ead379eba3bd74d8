namespace OrleansPaas.Grains.Runtime;

/// <summary>
/// Asks an instance for <c>/</c> over HTTP. Any HTTP answer counts: a TCP connect alone is not
/// enough, because Docker's port proxy accepts connections before the app listens.
/// </summary>
public sealed class ReadinessProbe : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
    })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public async Task<bool> AnswersAsync(string host, int port, string hostHeader, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{host}:{port}/");
            request.Headers.Host = hostHeader;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}
