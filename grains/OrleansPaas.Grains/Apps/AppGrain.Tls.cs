using OrleansPaas.Apps;
using OrleansPaas.Grains.Tls;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The app's TLS: its certificate (own, or issued by ACME) and HSTS, decided here and published to
/// the TLS table every gateway serves from.
/// </summary>
public sealed partial class AppGrain
{
    private IEnumerable<string> Hosts => State.Domains.Prepend(VirtualHost);

    public Task<CertificateReport?> GetCertificateAsync() => Task.FromResult(State.Exists ? CertificateReport() : null);

    public Task<AppCommandResult> AddCertificateAsync(string chainPem, string keyPem) => AddCertificateAsync(chainPem, keyPem, AppCertificate.OwnSource);

    private async Task<AppCommandResult> AddCertificateAsync(string chainPem, string keyPem, string source)
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        var certificate = CertificateReader.Read(chainPem, keyPem, source, DateTimeOffset.UtcNow, out var problem);
        if (certificate is null)
        {
            return AppCommandResult.Invalid("certificate", problem!);
        }

        if (!Hosts.Any(certificate.Covers))
        {
            return AppCommandResult.Invalid("certificate",
                $"the certificate names none of the app's hosts ({string.Join(", ", Hosts)}); it names {string.Join(", ", certificate.Names)}");
        }

        return await RunCommandAsync(async () =>
        {
            State.Certificate = certificate;
            if (source == AppCertificate.OwnSource)
            {
                // An own certificate replaces ACME for the app: nothing renews over it.
                State.LetsEncrypt = false;
            }

            await state.WriteStateAsync();
            await PublishTlsAsync();
            return AppCommandResult.Ok(Snapshot());
        });
    }

    public async Task<AppCommandResult> RemoveCertificateAsync()
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        if (State.Certificate is null)
        {
            return new AppCommandResult(AppCommandStatus.NotFound, $"app '{_name}' has no certificate", "certificate", null);
        }

        return await RunCommandAsync(async () =>
        {
            State.Certificate = null;
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<ITlsTableGrain>(0).RemoveAsync(_name.Value);
            return AppCommandResult.Ok(Snapshot());
        });
    }

    public async Task<AppCommandResult> SetHstsAsync(bool enabled)
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        return await RunCommandAsync(async () =>
        {
            State.HstsOff = !enabled;
            await state.WriteStateAsync();
            await PublishTlsAsync();
            return AppCommandResult.Ok(Snapshot());
        });
    }

    public Task<TlsEntry?> GetTlsEntryAsync() =>
        Task.FromResult(State.Exists && State.Certificate is { } certificate ? new TlsEntry(_name.Value, certificate, !State.HstsOff) : null);

    private async Task PublishTlsAsync()
    {
        if (State.Certificate is { } certificate)
        {
            await GrainFactory.GetGrain<ITlsTableGrain>(0).PublishAsync(new TlsEntry(_name.Value, certificate, !State.HstsOff));
        }
    }

    private CertificateReport CertificateReport()
    {
        var hosts = Hosts.ToList();
        if (State.Certificate is not { } certificate)
        {
            return new CertificateReport(_name.Value, false, null, [], [], hosts, null, null, null, null, null, !State.HstsOff,
                State.LetsEncrypt, null, State.AcmeFailure, State.AcmeFailedAt);
        }

        return new CertificateReport(_name.Value, true, certificate.Source, certificate.Names,
            hosts.Where(certificate.Covers).ToList(), hosts.Where(h => !certificate.Covers(h)).ToList(),
            certificate.NotBefore, certificate.NotAfter, certificate.Subject, certificate.Issuer, certificate.Fingerprint, !State.HstsOff,
            State.LetsEncrypt, State.LetsEncrypt ? RenewsAt() : null, State.AcmeFailure, State.AcmeFailedAt);
    }
}
