using System.Diagnostics;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Runs <c>git receive-pack</c> / <c>git upload-pack</c>, streaming the request into it and its
/// output to the client as it is produced (push progress must arrive live): in stateless-RPC mode
/// for smart HTTP, or for a whole conversation over SSH.
/// Arguments are passed as a list, never through a shell.
/// </summary>
public static class GitProcess
{
    public static async Task<int> RunAsync(
        GitService service,
        string repositoryPath,
        bool advertiseRefs,
        IReadOnlyList<string> configuration,
        Stream? input,
        Stream output,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken,
        bool finishWithoutClient = false,
        bool statelessRpc = true)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var setting in configuration)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(setting);
        }

        start.ArgumentList.Add(service.Command);
        if (statelessRpc)
        {
            start.ArgumentList.Add("--stateless-rpc");
        }

        if (advertiseRefs)
        {
            start.ArgumentList.Add("--advertise-refs");
        }

        start.ArgumentList.Add(repositoryPath);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        // Over SSH the client's side stays open until it has read git's last word, and git may be
        // done first (a clone): its input is let go once git has exited, never awaited for ever.
        using var gitExited = new CancellationTokenSource();
        if (finishWithoutClient)
        {
            // A push whose hook has started must end as the hook decides (its build abandoned, or
            // its deploy finished and the branch moved), not half-way because the pusher left: git
            // runs on, bounded by the hook, and what it writes after the pusher left is dropped.
            var fed = FeedAsync(input, process.StandardInput.BaseStream, gitExited.Token);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            await RelayWhileClientStaysAsync(process.StandardOutput.BaseStream, output, cancellationToken);
            await process.WaitForExitAsync(CancellationToken.None);
            await gitExited.CancelAsync();
            await fed;
            await stderr;
            return process.ExitCode;
        }

        // A client that went away must not leave git blocked on a full pipe.
        using var abort = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        });
        using var feedStops = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gitExited.Token);
        var feed = FeedAsync(input, process.StandardInput.BaseStream, feedStops.Token);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.BaseStream.CopyToAsync(output, 16 * 1024, cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await gitExited.CancelAsync();
        await feed;
        await errors;
        return process.ExitCode;
    }

    private static async Task RelayWhileClientStaysAsync(Stream from, Stream to, CancellationToken clientGone)
    {
        var buffer = new byte[16 * 1024];
        var clientHere = true;
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            if (!clientHere)
            {
                continue;
            }

            try
            {
                await to.WriteAsync(buffer.AsMemory(0, read), clientGone);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                clientHere = false;
            }
        }
    }

    /// <summary>Copies the request into git's stdin and closes it, so git sees the end; shared by every git runner.</summary>
    internal static async Task FeedAsync(Stream? input, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
            {
                await input.CopyToAsync(stdin, 64 * 1024, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidDataException)
        {
            // git stopped reading (e.g. it rejected the request), or the client left or sent a
            // broken body mid-way: git sees the end of its input, and its own output says why.
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
            }
        }
    }
}
