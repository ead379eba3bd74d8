using Docker.DotNet;
using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.NodeServices.Services.Transfers;

/// <summary>
/// Waits until a new service's server accepts connections, asked with its image's own client. PostgreSQL
/// is asked over TCP: the image's first start runs a private server on the socket only, then restarts it,
/// and data loaded into that one would be cut off by the restart.
/// </summary>
public sealed class ServiceReadiness(ContainerCommands commands)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Null once it answers, else the sentence that it did not within <paramref name="timeout"/>.</summary>
    public async Task<string?> WaitAsync(ServiceBackupSource source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await IsReadyAsync(source, cancellationToken))
                {
                    return null;
                }
            }
            catch (DockerApiException)
            {
                // Not running (yet): asked again until the deadline.
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                return $"{source.Service} did not accept connections within {timeout.TotalSeconds:0} s";
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private async Task<bool> IsReadyAsync(ServiceBackupSource source, CancellationToken cancellationToken) => source.Kind == "postgres"
        ? (await commands.RunAsync(source.ContainerId, ["pg_isready", "-q", "-h", "127.0.0.1"],
            new Dictionary<string, string> { ["PGUSER"] = source.User, ["PGDATABASE"] = source.Database }, null, cancellationToken)).Succeeded
        : (await commands.RunAsync(source.ContainerId, ["redis-cli", "PING"],
            new Dictionary<string, string> { ["REDISCLI_AUTH"] = source.Password }, null, cancellationToken)).Output.Contains("PONG", StringComparison.Ordinal);
}
