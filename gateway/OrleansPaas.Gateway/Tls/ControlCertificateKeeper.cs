using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.Tls;

namespace OrleansPaas.Gateway.Tls;

/// <summary>
/// With <c>https://</c> control URLs and <c>Paas:ControlHost</c> (no PEM pair), asks the cluster's
/// control-certificate grain to order or renew the certificate once the node is up; the grain's
/// reminder renews it from then on.
/// </summary>
public sealed partial class ControlCertificateKeeper(IGrainFactory grains, IOptions<PaasOptions> options, ILogger<ControlCertificateKeeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.ControlUrls.Contains("https://", StringComparison.OrdinalIgnoreCase) || settings.ControlCertificate.IsSet
            || string.IsNullOrWhiteSpace(settings.ControlHost))
        {
            return;
        }

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IControlCertificateGrain>(settings.ControlHost.Trim().ToLowerInvariant()).EnsureAsync();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The silo may still be joining; try again shortly.
                if (attempt == 1 || attempt % 30 == 0)
                {
                    LogNotYet(logger, ex.GetBaseException().Message);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { });
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The control port's certificate cannot be ordered yet: {Reason}")]
    private static partial void LogNotYet(ILogger logger, string reason);
}
