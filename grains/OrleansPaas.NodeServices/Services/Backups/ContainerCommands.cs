using System.IO.Pipelines;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// What the backup engine does inside service containers: <c>docker exec</c> of an argument list
/// (never a shell string from input) whose stdout may go to a stream as bytes, and copying a file in.
/// </summary>
public sealed class ContainerCommands(DockerClientProvider docker)
{
    /// <summary>Text kept of a command's output: enough for the sentence that reports it.</summary>
    private const int KeptOutputChars = 64 * 1024;

    public IDockerClient Client => docker.Client;

    /// <summary>
    /// Runs <paramref name="command"/> in <paramref name="container"/> as its image's user. With
    /// <paramref name="stdout"/>, standard output is copied there byte for byte and only standard error
    /// comes back as text; without it, both come back as text.
    /// </summary>
    public async Task<ExecResult> RunAsync(string container, IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment,
        Stream? stdout, CancellationToken cancellationToken)
    {
        var exec = await Client.Exec.ExecCreateContainerAsync(container, new ContainerExecCreateParameters
        {
            Cmd = command.ToList(),
            Env = environment?.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken);
        var text = new StringBuilder();
        var decoder = Encoding.UTF8.GetDecoder();
        using (var stream = await Client.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, cancellationToken))
        {
            var buffer = new byte[81920];
            var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                if (read.EOF)
                {
                    break;
                }

                if (stdout is not null && read.Target == MultiplexedStream.TargetStream.StandardOut)
                {
                    await stdout.WriteAsync(buffer.AsMemory(0, read.Count), cancellationToken);
                }
                else if (text.Length < KeptOutputChars)
                {
                    var count = decoder.GetChars(buffer, 0, read.Count, chars, 0);
                    text.Append(chars, 0, count);
                }
            }
        }

        var inspect = await Client.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        return new ExecResult(inspect.ExitCode, text.ToString());
    }

    /// <summary>Copies <paramref name="file"/> into <paramref name="directory"/> of the container (running or not) as <paramref name="name"/>, readable by every user there.</summary>
    public async Task CopyInAsync(string container, string file, string directory, string name, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var writing = WriteTarAsync(pipe.Writer, file, name, cancellationToken);
        try
        {
            await Client.Containers.ExtractArchiveToContainerAsync(container,
                new ContainerPathStatParameters { Path = directory }, pipe.Reader.AsStream(), cancellationToken);
        }
        finally
        {
            await pipe.Reader.CompleteAsync();
            await writing;
        }
    }

    private static async Task WriteTarAsync(PipeWriter writer, string file, string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var output = writer.AsStream(leaveOpen: true);
            await using var content = File.OpenRead(file);
            await SingleFileTar.WriteAsync(output, name, content,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, ownerId: 0, cancellationToken);
            await writer.CompleteAsync();
        }
        catch (Exception ex)
        {
            // The reader side (the engine's upload) then fails with this instead of waiting for more.
            await writer.CompleteAsync(ex);
        }
    }
}
