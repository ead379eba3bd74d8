using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Apps;
using OrleansPaas.Grains.Tls.Acme;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

/// <summary>
/// One app's TLS: its certificate (own, or issued by ACME) and HSTS, decided here and published to
/// the TLS table every gateway serves from. Whether the app exists, and its hosts, are the app
/// grain's to say: each command asks it first.
/// </summary>
// Reentrant so reads (the report, an order's log) never wait behind a change or an order; changes
// run one at a time (ChangeAsync).
[Reentrant]
public sealed partial class AppCertificateGrain(
    [PersistentState("app-certificate", GrainStorage.Name)] IPersistentState<AppCertificateState> state,
    CertificateIssuer issuer,
    IOptions<PaasOptions> options,
    ILogger<AppCertificateGrain> logger) : Grain, IAppCertificateGrain
{
    // Grain turns interleave at awaits (and an order runs beside the calls), so changes are serialised here.
    private readonly SemaphoreSlim _changes = new(1, 1);
    private AppName _name;

    private AppCertificateState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The key was parsed at the entry point; parse again so a grain can never act for a bad name.
        _name = AppName.Parse(this.GetPrimaryKeyString());
        await TakeOverLegacyTlsAsync();
    }

    public async Task<CertificateReport?> GetCertificateAsync() => await AppAsync() is { } app ? Report(Hosts(app)) : null;

    public Task<TlsEntry?> GetTlsEntryAsync() => Task.FromResult(Entry());

    public Task<AppCommandResult> AddCertificateAsync(string chainPem, string keyPem) => AddCertificateAsync(chainPem, keyPem, AppCertificate.OwnSource);

    private async Task<AppCommandResult> AddCertificateAsync(string chainPem, string keyPem, string source)
    {
        if (await AppAsync() is not { } app)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        var certificate = CertificateReader.Read(chainPem, keyPem, source, DateTimeOffset.UtcNow, out var problem);
        if (certificate is null)
        {
            return AppCommandResult.Invalid("certificate", problem!);
        }

        var hosts = Hosts(app);
        if (!hosts.Any(certificate.Covers))
        {
            return AppCommandResult.Invalid("certificate",
                $"the certificate names none of the app's hosts ({string.Join(", ", hosts)}); it names {string.Join(", ", certificate.Names)}");
        }

        return await ChangeAsync(async () =>
        {
            State.Certificate = certificate;
            if (source == AppCertificate.OwnSource)
            {
                // An own certificate replaces ACME for the app: nothing renews over it.
                State.LetsEncrypt = false;
            }

            await state.WriteStateAsync();
            await PublishAsync();
            return AppCommandResult.Ok(app);
        });
    }

    public async Task<AppCommandResult> RemoveCertificateAsync()
    {
        if (await AppAsync() is not { } app)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        if (State.Certificate is null)
        {
            return new AppCommandResult(AppCommandStatus.NotFound, $"app '{_name}' has no certificate", "certificate", null);
        }

        return await ChangeAsync(async () =>
        {
            State.Certificate = null;
            await state.WriteStateAsync();
            await TlsTable.RemoveAsync(_name.Value);
            return AppCommandResult.Ok(app);
        });
    }

    public async Task<AppCommandResult> SetHstsAsync(bool enabled)
    {
        if (await AppAsync() is not { } app)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        return await ChangeAsync(async () =>
        {
            State.HstsOff = !enabled;
            await state.WriteStateAsync();
            await PublishAsync();
            return AppCommandResult.Ok(app);
        });
    }

    public async Task ForgetAsync()
    {
        await ChangeAsync(async () =>
        {
            await TlsTable.RemoveAsync(_name.Value);
            await state.ClearStateAsync();
            state.State = new AppCertificateState();
            return true;
        });
        await DropRenewalReminderAsync();
    }

    /// <summary>The app as its grain sees it, or null when it does not exist.</summary>
    private async Task<AppInfo?> AppAsync()
    {
        var info = await GrainFactory.GetGrain<IAppGrain>(_name.Value).GetInfoAsync();
        return info.Exists ? info : null;
    }

    private List<string> Hosts(AppInfo app) => [_name.VirtualHost(options.Value.NormalizedDomain), .. app.Domains];

    private TlsEntry? Entry() => State.Certificate is { } certificate ? new TlsEntry(_name.Value, certificate, !State.HstsOff) : null;

    private ITlsTableGrain TlsTable => GrainFactory.GetGrain<ITlsTableGrain>(0);

    private async Task PublishAsync()
    {
        if (Entry() is { } entry)
        {
            await TlsTable.PublishAsync(entry);
        }
    }

    /// <summary>
    /// Runs one change at a time. A change that throws (a save that failed, a grain that did not
    /// answer) leaves memory as storage has it: the state is read back.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Func<Task<T>> change)
    {
        await _changes.WaitAsync();
        try
        {
            return await change();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                // Storage cannot be read either: the next call activates the grain afresh from it.
                DeactivateOnIdle();
            }

            throw;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Before certificates had their own grain, the app grain kept them (its state's ids 10-15). The
    /// first activation that finds nothing stored here takes them over, once; the app grain then drops its copy.
    /// </summary>
    private async Task TakeOverLegacyTlsAsync()
    {
        if (state.RecordExists)
        {
            return;
        }

        var holder = GrainFactory.GetGrain<ILegacyTlsHolder>(_name.Value);
        if (await holder.GetLegacyTlsAsync() is not { } legacy)
        {
            return;
        }

        state.State = legacy;
        await state.WriteStateAsync();
        await holder.ForgetLegacyTlsAsync();
        if (legacy.LetsEncrypt)
        {
            await EnsureRenewalReminderAsync();
        }
    }

    private CertificateReport Report(List<string> hosts)
    {
        if (State.Certificate is not { } certificate)
        {
            return new CertificateReport(_name.Value, false, null, [], [], hosts, null, null, null, null, null, !State.HstsOff,
                State.LetsEncrypt, null, State.AcmeFailure, State.AcmeFailedAt);
        }

        return new CertificateReport(_name.Value, true, certificate.Source, certificate.Names,
            hosts.Where(certificate.Covers).ToList(), hosts.Where(h => !certificate.Covers(h)).ToList(),
            certificate.NotBefore, certificate.NotAfter, certificate.Subject, certificate.Issuer, certificate.Fingerprint, !State.HstsOff,
            State.LetsEncrypt, State.LetsEncrypt ? RenewalPolicy.RenewsAt(certificate) : null, State.AcmeFailure, State.AcmeFailedAt);
    }
}
