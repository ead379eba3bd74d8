using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// When the node starts, brings every app's current release back up (re-adopting containers
/// that kept running, starting those that did not), so nothing has to be pushed again.
/// </summary>
public sealed partial class AppRestorer(IGrainFactory grains, ILogger<AppRestorer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var apps = await ListWhenReadyAsync(stoppingToken);
        await Task.WhenAll(apps.Select(async app =>
        {
            try
            {
                await grains.GetGrain<IAppGrain>(app).EnsureRunningAsync();
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, app);
            }
        }));
    }

    // The silo finishes starting concurrently with hosted services; retry until grains answer.
    private async Task<IReadOnlyList<string>> ListWhenReadyAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grains.GetGrain<IAppRegistryGrain>(0).ListAsync();
            }
            catch (Exception) when (attempt < 50 && !stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not bring {App} back up")]
    private static partial void LogFailed(ILogger logger, Exception exception, string app);
}
