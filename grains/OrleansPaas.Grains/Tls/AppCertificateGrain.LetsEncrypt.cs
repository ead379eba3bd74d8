using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

/// <summary>
/// <c>letsencrypt:*</c>: the app's certificate is ordered over ACME and renewed from an Orleans
/// reminder (no cron), as <see cref="RenewalPolicy"/> says. The grain is one activation in the whole
/// cluster and runs one order at a time (<see cref="CertificateJobs"/>), so a certificate is never ordered twice at once.
/// </summary>
public sealed partial class AppCertificateGrain : IRemindable
{
    private const string RenewalReminder = "acme-renewal";

    private readonly CertificateJobs _jobs = new();

    public async Task<CertificateJob> EnableLetsEncryptAsync()
    {
        if (await AppAsync() is not { } app)
        {
            return new CertificateJob(AppCommandResult.NotFound(_name.Value), 0);
        }

        if (!State.LetsEncrypt)
        {
            await ChangeAsync(async () =>
            {
                State.LetsEncrypt = true;
                State.AcmeFailures = 0;
                await state.WriteStateAsync();
                return true;
            });
        }

        await EnsureRenewalReminderAsync();
        return new CertificateJob(AppCommandResult.Ok(app), StartOrder("letsencrypt:enable"));
    }

    public async Task<AppCommandResult> DisableLetsEncryptAsync()
    {
        if (await AppAsync() is not { } app)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        if (!State.LetsEncrypt && State.Certificate?.Source != AppCertificate.LetsEncryptSource)
        {
            return new AppCommandResult(AppCommandStatus.NotFound, $"app '{_name}' does not use Let's Encrypt", "letsencrypt", null);
        }

        var result = await ChangeAsync(async () =>
        {
            State.LetsEncrypt = false;
            State.AcmeFailure = null;
            State.AcmeFailedAt = null;
            State.AcmeFailures = 0;
            if (State.Certificate?.Source == AppCertificate.LetsEncryptSource)
            {
                State.Certificate = null;
                await TlsTable.RemoveAsync(_name.Value);
            }

            await state.WriteStateAsync();
            return AppCommandResult.Ok(app);
        });
        await DropRenewalReminderAsync();
        return result;
    }

    public Task HostsChangedAsync()
    {
        if (State.LetsEncrypt)
        {
            // The certificate must name exactly the app's hosts: order one for the new set.
            StartOrder("domains changed");
        }

        return Task.CompletedTask;
    }

    public Task<BuildLogChunk> ReadCertificateLogAsync(int jobId, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        _jobs.ReadAsync(jobId, fromLine, wait, cancellationToken);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RenewalReminder)
        {
            return;
        }

        if (!State.LetsEncrypt)
        {
            await DropRenewalReminderAsync();
            return;
        }

        if (RenewalPolicy.IsDue(State.Certificate, State.AcmeFailures, State.AcmeFailedAt, DateTimeOffset.UtcNow))
        {
            StartOrder("renewal");
        }
    }

    /// <summary>Starts an order unless one runs (then that one is returned); the job id to follow.</summary>
    private int StartOrder(string why) => _jobs.Start($"Ordering a Let's Encrypt certificate for {_name} ({why})", OrderAsync);

    private async Task OrderAsync(BuildLog log)
    {
        // An order takes seconds to minutes; the activation stays until it is done.
        DelayDeactivation(TimeSpan.FromMinutes(30));
        log.SetOutcome(BuildOutcome.Running);
        try
        {
            var app = await AppAsync() ?? throw new InvalidOperationException($"app '{_name}' does not exist");
            var (chain, key) = await issuer.IssueAsync(Hosts(app), log, CancellationToken.None);
            var added = await AddCertificateAsync(chain, key, AppCertificate.LetsEncryptSource);
            if (!added.Succeeded)
            {
                throw new InvalidOperationException($"the issued certificate was not accepted: {added.Error}");
            }

            await ChangeAsync(async () =>
            {
                State.AcmeFailure = null;
                State.AcmeFailedAt = null;
                State.AcmeFailures = 0;
                await state.WriteStateAsync();
                return true;
            });
            log.Write($"=====> {_name} is served over HTTPS until {State.Certificate!.NotAfter:yyyy-MM-dd}; renewal from {RenewalPolicy.RenewsAt(State.Certificate):yyyy-MM-dd}");
            log.SetOutcome(BuildOutcome.Succeeded);
        }
        catch (Exception ex)
        {
            var reason = ex.GetBaseException().Message;
            LogCertificateFailed(logger, _name.Value, reason);
            await ChangeAsync(async () =>
            {
                State.AcmeFailure = reason;
                State.AcmeFailedAt = DateTimeOffset.UtcNow;
                State.AcmeFailures++;
                await state.WriteStateAsync();
                return true;
            });
            log.Error($"Let's Encrypt failed: {reason}");
            log.Error(State.Certificate is { } kept ? $"the certificate valid until {kept.NotAfter:yyyy-MM-dd} keeps serving" : "no certificate was added");
            log.SetOutcome(BuildOutcome.Failed);
        }
        finally
        {
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    private async Task EnsureRenewalReminderAsync()
    {
        try
        {
            var period = options.Value.Acme.RenewalCheckInterval;
            await this.RegisterOrUpdateReminder(RenewalReminder, period, period);
        }
        catch (Exception ex)
        {
            LogReminderFailed(logger, _name.Value, ex.GetBaseException().Message);
        }
    }

    private async Task DropRenewalReminderAsync()
    {
        if (await this.GetReminder(RenewalReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Let's Encrypt for {App} failed: {Reason}")]
    private static partial void LogCertificateFailed(ILogger logger, string app, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The renewal reminder of {App} could not be registered: {Reason}")]
    private static partial void LogReminderFailed(ILogger logger, string app, string reason);
}
