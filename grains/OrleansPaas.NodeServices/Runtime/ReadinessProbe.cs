namespace OrleansPaas.NodeServices.Runtime;

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

    /// <summary>Whether something accepts a TCP connection at <paramref name="host"/>:<paramref name="port"/> (a ported app without HTTP).</summary>
    public async Task<bool> ConnectsAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(host, port, timeout.Token);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Runs one app.json check (with its attempts, waits and timeout); null when it passed, else what it saw.</summary>
    public async Task<string?> RunCheckAsync(string host, int port, string hostHeader, OrleansPaas.Apps.HealthCheck check, CancellationToken cancellationToken)
    {
        if (check.InitialDelay > TimeSpan.Zero)
        {
            await Task.Delay(check.InitialDelay, cancellationToken);
        }

        var problem = "";
        for (var attempt = 1; attempt <= check.Attempts; attempt++)
        {
            problem = await AttemptAsync(host, port, hostHeader, check, cancellationToken);
            if (problem is null)
            {
                return null;
            }

            if (attempt < check.Attempts)
            {
                await Task.Delay(check.Wait, cancellationToken);
            }
        }

        return $"health check '{check.Name}' failed after {check.Attempts} attempt(s): GET {check.Path} {problem}";
    }

    private async Task<string?> AttemptAsync(string host, int port, string hostHeader, OrleansPaas.Apps.HealthCheck check, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(check.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{host}:{port}{check.Path}");
            // The app's real Host header, so host-checking frameworks accept the check.
            request.Headers.Host = hostHeader;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadStartAsync(response, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return $"answered {(int)response.StatusCode}";
            }

            return check.Content is { Length: > 0 } expected && !body.Contains(expected, StringComparison.Ordinal)
                ? $"answered without '{expected}' (got: {Shorten(body)})"
                : null;
        }
        catch (HttpRequestException ex)
        {
            return $"failed: {ex.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"timed out after {check.Timeout.TotalSeconds:0}s";
        }
    }

    /// <summary>
    /// A check looks at the start of the answer only: an app answering its health path with a huge
    /// or endless body must not fill the node's memory or hang the deploy.
    /// </summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static string Shorten(string body)
    {
        var line = body.ReplaceLineEndings(" ").Trim();
        return line.Length > 80 ? line[..80] + "…" : line;
    }

    public void Dispose() => _http.Dispose();
}
