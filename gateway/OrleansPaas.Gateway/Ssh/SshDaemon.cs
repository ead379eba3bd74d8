using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Ssh;

/// <summary>
/// Runs OpenSSH's sshd as the node's child (Paas:Ssh:Listen), in the foreground with its log on
/// stderr, which goes to the node's log. If sshd dies it is started again (after 1 s, doubling to
/// 30 s while it keeps dying at once); when the node stops, sshd and its sessions stop with it. A
/// node that was killed leaves its sshd behind: the next start stops that one first (its pid is kept).
/// </summary>
public sealed partial class SshDaemon(IOptions<PaasOptions> options, SshLocations locations, ILogger<SshDaemon> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HealthyRun = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Ssh.OwnDaemon)
        {
            return;
        }

        if (StopLeftover(locations) is { } pid)
        {
            LogLeftover(logger, pid);
        }

        var delay = FirstDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            var exitCode = await RunOnceAsync(stoppingToken);
            if (exitCode is null)
            {
                return;
            }

            delay = started.Elapsed > HealthyRun ? FirstDelay : delay;
            LogExited(logger, exitCode.Value, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
        }
    }

    /// <summary>sshd's exit code, or null when the node is stopping (sshd was stopped with it).</summary>
    private async Task<int?> RunOnceAsync(CancellationToken stoppingToken)
    {
        var start = new ProcessStartInfo(SshLocations.Sshd)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-D", "-e", "-f", locations.ConfigFile })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => Relay(e.Data);
        process.OutputDataReceived += (_, e) => Relay(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await File.WriteAllTextAsync(locations.PidFile, process.Id.ToString(), CancellationToken.None);
        LogStarted(logger, options.Value.Ssh.Listen!, process.Id);
        try
        {
            await process.WaitForExitAsync(stoppingToken);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            return null;
        }
        finally
        {
            File.Delete(locations.PidFile);
        }
    }

    private void Relay(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            LogSshd(logger, line);
        }
    }

    /// <summary>Stops the sshd a killed run of this node left behind; its pid, or null when there was none.</summary>
    public static int? StopLeftover(SshLocations locations)
    {
        if (!File.Exists(locations.PidFile) || !int.TryParse(File.ReadAllText(locations.PidFile).Trim(), out var pid))
        {
            return null;
        }

        // Only a process that is this node's sshd: the pid may have been reused since.
        var commandLine = $"/proc/{pid}/cmdline";
        if (!File.Exists(commandLine) || !File.ReadAllText(commandLine).Contains(locations.ConfigFile, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var leftover = Process.GetProcessById(pid);
            Stop(leftover);
            return pid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "sshd listens on {Listen} (pid {Pid})")]
    private static partial void LogStarted(ILogger logger, string listen, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "sshd exited with code {ExitCode}; starting it again in {Seconds} s")]
    private static partial void LogExited(ILogger logger, int exitCode, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "sshd: {Line}")]
    private static partial void LogSshd(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped the sshd (pid {Pid}) a previous run of this node left behind")]
    private static partial void LogLeftover(ILogger logger, int pid);
}
