using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Build.Buildpacks;

/// <summary>
/// A running container of the stack's build image in which buildpack executables are run one by
/// one with <c>docker exec</c> — each with an argument list, its output streamed, its exit code read.
/// </summary>
public sealed class BuilderContainer(IDockerClient client, string id) : IAsyncDisposable
{
    public string Id => id;

    public static async Task<BuilderContainer> StartAsync(IDockerClient client, CreateContainerParameters parameters, CancellationToken cancellationToken)
    {
        var created = await client.Containers.CreateContainerAsync(parameters, cancellationToken);
        var container = new BuilderContainer(client, created.ID);
        try
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a command, handing each output line to <paramref name="onLine"/>; returns its exit code.</summary>
    public async Task<long> ExecAsync(IReadOnlyList<string> command, Action<string> onLine, CancellationToken cancellationToken)
    {
        var exec = await client.Exec.ExecCreateContainerAsync(id, new ContainerExecCreateParameters
        {
            Cmd = command.ToList(),
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken);
        using (var stream = await client.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, cancellationToken))
        {
            var pending = new StringBuilder();
            await foreach (var (_, text) in MultiplexedLines.ReadAsync(stream, cancellationToken))
            {
                pending.Append(text);
                var all = pending.ToString();
                var lines = all.Split('\n');
                for (var i = 0; i < lines.Length - 1; i++)
                {
                    onLine(lines[i].TrimEnd('\r'));
                }

                pending.Clear().Append(lines[^1]);
            }

            if (pending.Length > 0)
            {
                onLine(pending.ToString());
            }
        }

        var inspect = await client.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        return inspect.ExitCode;
    }

    /// <summary>Runs a command and collects its output.</summary>
    public async Task<(long ExitCode, string Output)> CaptureAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var exit = await ExecAsync(command, line => output.AppendLine(line), cancellationToken);
        return (exit, output.ToString());
    }

    public Task UploadAsync(Stream tar, CancellationToken cancellationToken) =>
        client.Containers.ExtractArchiveToContainerAsync(id, new ContainerPathStatParameters { Path = "/" }, tar, cancellationToken);

    public async Task<Stream> DownloadAsync(string path, CancellationToken cancellationToken) =>
        (await client.Containers.GetArchiveFromContainerAsync(id, new GetArchiveFromContainerParameters { Path = path }, statOnly: false, cancellationToken)).Stream;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }
}
