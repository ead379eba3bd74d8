using Docker.DotNet;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>One Docker client per node, for the engine named by <c>Paas:DockerEndpoint</c>.</summary>
public sealed class DockerClientProvider(IOptions<PaasOptions> options) : IDisposable
{
    private readonly Lazy<DockerClient> _client = new(() => Create(options.Value.DockerEndpoint));

    public IDockerClient Client => _client.Value;

    /// <summary>
    /// No API version is pinned: the engine then answers with its own current version, so the
    /// platform works with Debian's docker.io (API 1.41) as well as newer engines.
    /// </summary>
    public static DockerClient Create(string endpoint) =>
        new DockerClientConfiguration(new Uri(endpoint), defaultTimeout: TimeSpan.FromMinutes(30)).CreateClient();

    /// <summary>One sentence saying how to fix a missing engine, or null when it answers.</summary>
    public static async Task<string?> CheckReachableAsync(string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            using var client = Create(endpoint);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await client.System.PingAsync(timeout.Token);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"The Docker engine at {endpoint} does not answer ({ex.GetBaseException().Message}): " +
                   "install and start it (Debian: `apt-get install -y docker.io && systemctl start docker`, " +
                   "or run `dockerd &` as root), or point Paas:DockerEndpoint at a running engine.";
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
