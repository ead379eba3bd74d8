using Microsoft.Extensions.Logging;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Storage;
using OrleansPaas.Grains.Tls.Acme;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

[GenerateSerializer, Alias("paas.ControlCertificateState")]
public sealed class ControlCertificateState
{
    [Id(0)] public AppCertificate? Certificate { get; set; }
    [Id(1)] public int Failures { get; set; }
    [Id(2)] public DateTimeOffset? FailedAt { get; set; }
}

/// <summary>
/// Orders and renews the control port's certificate over ACME, like an app's (HTTP-01 through the
/// gateways, <see cref="RenewalPolicy"/>), one order at a time for the whole cluster.
/// </summary>
public sealed partial class ControlCertificateGrain(
    [PersistentState("control-certificate", GrainStorage.Name)] IPersistentState<ControlCertificateState> state,
    CertificateIssuer issuer,
    Microsoft.Extensions.Options.IOptions<OrleansPaas.Configuration.PaasOptions> options,
    ILogger<ControlCertificateGrain> logger) : Grain, IControlCertificateGrain, IRemindable
{
    private const string RenewalReminder = "acme-renewal";
    private Task _order = Task.CompletedTask;

    private string Host => this.GetPrimaryKeyString();

    public async Task EnsureAsync()
    {
        var period = options.Value.Acme.RenewalCheckInterval;
        await this.RegisterOrUpdateReminder(RenewalReminder, period, period);
        if (state.State.Certificate is { } kept)
        {
            // The table may have been emptied or never written by this activation's predecessor.
            await GrainFactory.GetGrain<ITlsTableGrain>(0).PublishAsync(new TlsEntry(IControlCertificateGrain.TlsKey, kept, false));
        }

        StartIfDue();
    }

    public Task<TlsEntry?> GetTlsEntryAsync() =>
        Task.FromResult(state.State.Certificate is { } certificate ? new TlsEntry(IControlCertificateGrain.TlsKey, certificate, false) : null);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        StartIfDue();
        return Task.CompletedTask;
    }

    private void StartIfDue()
    {
        var current = state.State;
        if (_order.IsCompleted && RenewalPolicy.IsDue(current.Certificate, current.Failures, current.FailedAt, DateTimeOffset.UtcNow))
        {
            _order = OrderAsync();
        }
    }

    private async Task OrderAsync()
    {
        var log = BuildLog.InMemory();
        try
        {
            var (chain, key) = await issuer.IssueAsync([Host], log, CancellationToken.None);
            var certificate = CertificateReader.Read(chain, key, AppCertificate.LetsEncryptSource, DateTimeOffset.UtcNow, out var problem)
                ?? throw new InvalidOperationException(problem);
            state.State = new ControlCertificateState { Certificate = certificate };
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<ITlsTableGrain>(0).PublishAsync(new TlsEntry(IControlCertificateGrain.TlsKey, certificate, false));
            LogIssued(logger, Host, certificate.NotAfter);
        }
        catch (Exception ex)
        {
            state.State.Failures++;
            state.State.FailedAt = DateTimeOffset.UtcNow;
            await state.WriteStateAsync();
            LogFailed(logger, Host, ex.GetBaseException().Message, string.Join(" | ", log.Lines().TakeLast(5)));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The control port's certificate for {Host} was issued (valid until {NotAfter})")]
    private static partial void LogIssued(ILogger logger, string host, DateTimeOffset notAfter);

    [LoggerMessage(Level = LogLevel.Error, Message = "The control port's certificate for {Host} could not be ordered: {Reason} ({Steps})")]
    private static partial void LogFailed(ILogger logger, string host, string reason, string steps);
}
