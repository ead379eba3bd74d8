using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Fencing;

/// <summary>
/// A cluster node's own half of the partition rule: once it has been unable to reach the cluster
/// (<see cref="ClusterContact"/>) for half the partition bound, or as soon as it learns it was
/// declared dead, it stops its non-web instances (<see cref="WorkerFence"/>), and keeps them stopped
/// while contact stays lost. Silence is measured on this machine's monotonic clock, never by
/// comparing clocks across machines; a process that was frozen finds on waking that the silence
/// already passed the limit and fences before anything else.
/// </summary>
public sealed partial class SelfFence(
    ClusterContact contact,
    WorkerFence fence,
    FenceHold hold,
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    IOptions<PaasOptions> options,
    ILogger<SelfFence> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timing = new FenceTiming(options.Value.Cluster.PartitionBound);
        // Silence only counts once this node has been part of the cluster.
        while (membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress) != SiloStatus.Active)
        {
            await Task.Delay(timing.Check, stoppingToken);
        }

        var lastContact = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(timing.Check, stoppingToken);
            lastContact = Math.Max(lastContact, contact.LastReached);
            await FenceIfSilentAsync(lastContact, timing, stoppingToken);
            var found = await contact.TryAsync(timing.Attempt);
            if (found == Contact.Reached)
            {
                lastContact = Stopwatch.GetTimestamp();
                hold.Release();
            }
            else if (found == Contact.DeclaredDead)
            {
                await FenceAsync("this node was declared dead", stoppingToken);
            }
            else
            {
                await FenceIfSilentAsync(Math.Max(lastContact, contact.LastReached), timing, stoppingToken);
            }
        }
    }

    private Task FenceIfSilentAsync(long lastContact, FenceTiming timing, CancellationToken stoppingToken)
    {
        var silent = Stopwatch.GetElapsedTime(lastContact);
        return silent > timing.Silence
            ? FenceAsync($"no contact with the cluster for {silent.TotalSeconds:0.0} s (limit {timing.Silence.TotalSeconds:0.0} s)", stoppingToken)
            : Task.CompletedTask;
    }

    private async Task FenceAsync(string reason, CancellationToken stoppingToken)
    {
        hold.Hold(reason);
        try
        {
            // An engine that does not answer must not hold the loop: the next check tries again.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            attempt.CancelAfter(options.Value.Cluster.PartitionBound);
            await fence.StopWorkersAsync(reason, attempt.Token);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The engine did not answer: tried again at the next check.
            LogFenceFailed(logger, ex.GetBaseException().Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not stop this node's non-web instances: {Reason}")]
    private static partial void LogFenceFailed(ILogger logger, string reason);
}
