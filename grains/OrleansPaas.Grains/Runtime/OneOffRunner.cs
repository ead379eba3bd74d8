using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Configuration;

namespace OrleansPaas.Grains.Runtime;

/// <summary>
/// Runs a one-off process (<c>paas run</c>) from an app's current release image with its
/// environment, streams its output, and removes the container afterwards. The command is an
/// argument list, never a shell string.
/// </summary>
public sealed class OneOffRunner(DockerClientProvider docker, IOptions<PaasOptions> options)
{
    public const string Process = "run";

    public async Task<long> RunAsync(AppName app, RunSpec spec, IReadOnlyList<string> command,
        Func<bool, string, Task> onOutput, CancellationToken cancellationToken)
    {
        var client = docker.Client;
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = spec.Image,
            Cmd = command.ToList(),
            Env = spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            AttachStdout = true,
            AttachStderr = true,
            Labels = new Dictionary<string, string>
            {
                [ContainerLabels.App] = app.Value,
                [ContainerLabels.Process] = Process,
                [ContainerLabels.Release] = $"v{spec.ReleaseVersion}",
                [ContainerLabels.Node] = options.Value.NodeName,
            },
            HostConfig = new HostConfig
            {
                Memory = options.Value.Deploy.MemoryLimitMiB * 1024L * 1024L,
                Init = true,
            },
        }, cancellationToken);

        try
        {
            using var stream = await client.Containers.AttachContainerAsync(created.ID, tty: false,
                new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken);
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            await foreach (var (isError, text) in MultiplexedLines.ReadAsync(stream, cancellationToken))
            {
                await onOutput(isError, text);
            }

            var exit = await client.Containers.WaitContainerAsync(created.ID, cancellationToken);
            return exit.StatusCode;
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }
}
