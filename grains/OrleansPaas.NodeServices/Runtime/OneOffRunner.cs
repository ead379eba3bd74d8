using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Services;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// Runs a one-off process (<c>paas run</c>) from an app's current release image with its
/// environment, streams its output, and removes the container afterwards. The command is an
/// argument list, never a shell string.
/// </summary>
public sealed class OneOffRunner(DockerClientProvider docker, IOptions<PaasOptions> options, AppContainerHosts hosts, IServiceNetworks services) : IOneOffRuns
{
    public const string Process = "run";

    /// <summary>A release-phase command: a one-off run labelled with its process type (<c>release</c>).</summary>
    public Task<long> RunToCompletionAsync(ContainerSpec spec, Func<bool, string, Task> onOutput, CancellationToken cancellationToken) =>
        RunAsync(spec.App, new RunSpec(spec.Image, spec.ReleaseVersion, spec.Environment, spec.Resources, spec.Attachments?.WithoutPorts()), spec.Command ?? [], onOutput, cancellationToken, spec.Process);

    public async Task<long> RunAsync(AppName app, RunSpec spec, IReadOnlyList<string> command,
        Func<bool, string, Task> onOutput, CancellationToken cancellationToken, string process = Process)
    {
        var client = docker.Client;
        Docker.DotNet.Models.HostConfig host;
        try
        {
            host = await hosts.ForAsync(app, spec.Resources, spec.Attachments?.WithoutPorts(), cancellationToken);
        }
        catch (ContainerSetupException ex)
        {
            // Refused before anything was created: said like a failing command, on stderr.
            await onOutput(true, ex.Message + "\n");
            return 1;
        }

        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = spec.Image,
            // An empty command runs the image's own CMD.
            Cmd = command.Count == 0 ? null : command.ToList(),
            Env = spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            AttachStdout = true,
            AttachStderr = true,
            Labels = new Dictionary<string, string>
            {
                [ContainerLabels.App] = app.Value,
                [ContainerLabels.Process] = process,
                [ContainerLabels.Release] = $"v{spec.ReleaseVersion}",
                [ContainerLabels.Node] = options.Value.NodeName,
            },
            HostConfig = host,
        }, cancellationToken);

        // Reads from Docker's stream do not notice cancellation while blocked: removing the
        // container ends the stream, so a client that leaves does not keep a process running.
        Task? removal = null;
        var abort = cancellationToken.Register(() => removal = RemoveQuietlyAsync(client, created.ID));
        try
        {
            using var stream = await client.Containers.AttachContainerAsync(created.ID, tty: false,
                new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken);
            try
            {
                await services.JoinAsync(app, created.ID, cancellationToken);
                await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            }
            catch (DockerApiException ex)
            {
                // e.g. the executable does not exist in the image: report it like a shell would.
                await onOutput(true, $"{ex.ResponseBody.Trim()}\n");
                return 127;
            }

            await foreach (var (isError, text) in MultiplexedLines.ReadAsync(stream, cancellationToken))
            {
                await onOutput(isError, text);
            }

            var exit = await client.Containers.WaitContainerAsync(created.ID, cancellationToken);
            return exit.StatusCode;
        }
        finally
        {
            // Waits for a cancellation's removal to finish: a second removal while the first is
            // under way is refused at once, and the caller must not see the process still there.
            await abort.DisposeAsync();
            await (removal ?? RemoveQuietlyAsync(client, created.ID));
        }
    }

    private static async Task RemoveQuietlyAsync(IDockerClient client, string id)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
        catch (DockerApiException)
        {
            // Already gone (removed by the other path), which is all we wanted.
        }
    }
}
