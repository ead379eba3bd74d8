using Docker.DotNet;
using Docker.DotNet.Models;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>A container's last output, read from the engine.</summary>
public sealed class DockerContainerLogs(DockerClientProvider docker) : IContainerLogs
{
    public async Task<IReadOnlyList<string>> TailAsync(string containerId, int lines, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await docker.Client.Containers.GetContainerLogsAsync(containerId, tty: false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = lines.ToString() }, cancellationToken);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
            return (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).TakeLast(lines).ToList();
        }
        catch (DockerApiException)
        {
            return [];
        }
    }
}
