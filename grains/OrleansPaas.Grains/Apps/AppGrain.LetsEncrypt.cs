using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Tls;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// <c>letsencrypt:*</c>: the app orders its certificate over ACME and renews it from an Orleans
/// reminder (no cron), as <see cref="RenewalPolicy"/> says. The grain is one activation in the whole cluster and runs one order at a time, so a
/// certificate is never ordered twice at once.
/// </summary>
public sealed partial class AppGrain : IRemindable
{
    public const string RenewalReminder = "acme-renewal";
    private const int RetainedCertificateLogs = 5;

    private readonly Dictionary<int, BuildLog> _certificateLogs = [];
    private (int Id, Task Work) _certificateJob = (0, Task.CompletedTask);

    public async Task<CertificateJob> EnableLetsEncryptAsync()
    {
        if (!State.Exists)
        {
            return new CertificateJob(AppCommandResult.NotFound(_name.Value), 0);
        }

        if (!State.LetsEncrypt)
        {
            await RunCommandAsync(async () =>
            {
                State.LetsEncrypt = true;
                State.AcmeFailures = 0;
                await state.WriteStateAsync();
                return true;
            });
        }

        await EnsureRenewalReminderAsync();
        return new CertificateJob(AppCommandResult.Ok(Snapshot()), StartCertificateOrder("letsencrypt:enable"));
    }

    public async Task<AppCommandResult> DisableLetsEncryptAsync()
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        if (!State.LetsEncrypt && State.Certificate?.Source != AppCertificate.LetsEncryptSource)
        {
            return new AppCommandResult(AppCommandStatus.NotFound, $"app '{_name}' does not use Let's Encrypt", "letsencrypt", null);
        }

        var result = await RunCommandAsync(async () =>
        {
            State.LetsEncrypt = false;
            State.AcmeFailure = null;
            State.AcmeFailedAt = null;
            State.AcmeFailures = 0;
            if (State.Certificate?.Source == AppCertificate.LetsEncryptSource)
            {
                State.Certificate = null;
                await GrainFactory.GetGrain<ITlsTableGrain>(0).RemoveAsync(_name.Value);
            }

            await state.WriteStateAsync();
            return AppCommandResult.Ok(Snapshot());
        });
        await DropRenewalReminderAsync();
        return result;
    }

    public Task<BuildLogChunk> ReadCertificateLogAsync(int jobId, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        _certificateLogs.TryGetValue(jobId, out var log)
            ? log.ReadAsync(fromLine, wait, cancellationToken)
            : Task.FromResult(new BuildLogChunk([], fromLine, BuildOutcome.Unknown));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RenewalReminder)
        {
            return;
        }

        if (!State.Exists || !State.LetsEncrypt)
        {
            await DropRenewalReminderAsync();
            return;
        }

        if (RenewalPolicy.IsDue(State.Certificate, State.AcmeFailures, State.AcmeFailedAt, DateTimeOffset.UtcNow))
        {
            StartCertificateOrder("renewal");
        }
    }

    private DateTimeOffset? RenewsAt() => RenewalPolicy.RenewsAt(State.Certificate);

    /// <summary>Starts an order unless one runs (then that one is returned); the job id to follow.</summary>
    private int StartCertificateOrder(string why)
    {
        if (!_certificateJob.Work.IsCompleted)
        {
            return _certificateJob.Id;
        }

        var id = _certificateJob.Id + 1;
        var log = new BuildLog(id);
        _certificateLogs[id] = log;
        foreach (var old in _certificateLogs.Keys.Order().Take(Math.Max(0, _certificateLogs.Count - RetainedCertificateLogs)).ToList())
        {
            _certificateLogs.Remove(old);
        }

        log.Step($"Ordering a Let's Encrypt certificate for {_name} ({why})");
        _certificateJob = (id, OrderCertificateAsync(log));
        return id;
    }

    private async Task OrderCertificateAsync(BuildLog log)
    {
        // An order takes seconds to minutes; the activation stays until it is done.
        DelayDeactivation(TimeSpan.FromMinutes(30));
        log.SetOutcome(BuildOutcome.Running);
        try
        {
            var (chain, key) = await issuer.IssueAsync(Hosts.ToList(), log, CancellationToken.None);
            var added = await AddCertificateAsync(chain, key, AppCertificate.LetsEncryptSource);
            if (!added.Succeeded)
            {
                throw new InvalidOperationException($"the issued certificate was not accepted: {added.Error}");
            }

            await RunCommandAsync(async () =>
            {
                State.AcmeFailure = null;
                State.AcmeFailedAt = null;
                State.AcmeFailures = 0;
                await state.WriteStateAsync();
                return true;
            });
            log.Write($"=====> {_name} is served over HTTPS until {State.Certificate!.NotAfter:yyyy-MM-dd}; renewal from {RenewsAt():yyyy-MM-dd}");
            log.SetOutcome(BuildOutcome.Succeeded);
        }
        catch (Exception ex)
        {
            var reason = ex.GetBaseException().Message;
            LogCertificateFailed(logger, _name.Value, reason);
            await RunCommandAsync(async () =>
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
            var period = Settings.Acme.RenewalCheckInterval;
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
