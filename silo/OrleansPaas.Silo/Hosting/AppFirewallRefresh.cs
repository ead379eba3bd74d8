using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// A cluster node installs its apps' rules again every minute, so a node that joined after it
/// started is fenced too (its address is in the membership table by then). The rules are replaced
/// whole, so installing them again changes nothing else.
/// </summary>
public sealed partial class AppFirewallRefresh(IOptions<PaasOptions> options, ILogger<AppFirewallRefresh> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // The rules installed at start stay in place when this fails (the database may be away).
            if (await AppFirewallPreflight.InstallAsync(options.Value, stoppingToken) is { } problem)
            {
                LogNotRefreshed(logger, problem);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The apps' firewall rules were not refreshed: {Problem}")]
    private static partial void LogNotRefreshed(ILogger logger, string problem);
}
