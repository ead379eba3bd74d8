using Docker.DotNet;
using Docker.DotNet.Models;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// A container of a service's image that only proves a backup or works on a stopped service's data:
/// no network at all (its image's tools are reached through <c>docker exec</c>), labelled so a leftover
/// is recognisable, and removed when disposed — with its anonymous volumes unless it borrowed a service's.
/// </summary>
public sealed class ThrowawayContainer : IAsyncDisposable
{
    public const string Label = "paas.backup.verify";

    private readonly IDockerClient _client;

    private readonly bool _ownsVolumes;

    private ThrowawayContainer(IDockerClient client, string id, bool ownsVolumes)
    {
        _client = client;
        Id = id;
        _ownsVolumes = ownsVolumes;
    }

    public string Id { get; }

    /// <summary>
    /// Creates the container (not started, so files can be put in place first). With
    /// <paramref name="volumesOf"/> it mounts that (stopped) container's volumes where it has them;
    /// with <paramref name="entrypoint"/> it runs that instead of the image's entrypoint.
    /// </summary>
    public static async Task<ThrowawayContainer> CreateAsync(IDockerClient client, string image, string service,
        IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> command, CancellationToken cancellationToken,
        string? volumesOf = null, IReadOnlyList<string>? entrypoint = null)
    {
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Env = environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Cmd = command.ToList(),
            Labels = new Dictionary<string, string> { [Label] = service },
            Entrypoint = entrypoint?.ToList(),
            HostConfig = new HostConfig { NetworkMode = "none", VolumesFrom = volumesOf is null ? null : [volumesOf] },
        }, cancellationToken);
        return new ThrowawayContainer(client, created.ID, ownsVolumes: volumesOf is null);
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        _client.Containers.StartContainerAsync(Id, new ContainerStartParameters(), cancellationToken);

    /// <summary>
    /// Polls <paramref name="ready"/> until it holds; fails with the container's last log line when the
    /// container stops first (e.g. the server refused the data) or the deadline passes.
    /// </summary>
    public async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> ready, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var inspect = await _client.Containers.InspectContainerAsync(Id, cancellationToken);
            if (!inspect.State.Running)
            {
                throw new OrleansPaas.NodeServices.Backup.BackupProblemException(
                    $"the throwaway {what} stopped ({await LastLogLineAsync(cancellationToken)})");
            }

            if (await ready(cancellationToken))
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new OrleansPaas.NodeServices.Backup.BackupProblemException(
                    $"the throwaway {what} was not ready within {timeout.TotalSeconds:0} s ({await LastLogLineAsync(cancellationToken)})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>Waits for the container to end by itself; fails with its last log line when it ends badly or the deadline passes.</summary>
    public async Task WaitForSuccessAsync(TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        long exitCode;
        try
        {
            exitCode = (await _client.Containers.WaitContainerAsync(Id, bounded.Token)).StatusCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OrleansPaas.NodeServices.Backup.BackupProblemException($"{what} did not end within {timeout.TotalSeconds:0} s");
        }

        if (exitCode != 0)
        {
            throw new OrleansPaas.NodeServices.Backup.BackupProblemException($"{what} failed ({await LastLogLineAsync(cancellationToken)})");
        }
    }

    private async Task<string> LastLogLineAsync(CancellationToken cancellationToken)
    {
        using var logs = await _client.Containers.GetContainerLogsAsync(Id, tty: false,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "5" }, cancellationToken);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(cancellationToken);
        return (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.Containers.RemoveContainerAsync(Id, new ContainerRemoveParameters { Force = true, RemoveVolumes = _ownsVolumes }, CancellationToken.None);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }
}
