using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Apps;
using OrleansPaas.Grains.Tls;
using OrleansPaas.Tests.Support;
using OrleansPaas.Tls;

namespace OrleansPaas.Tests.Grains;

/// <summary>An app's TLS in its own grain: asked of the app grain whether the app exists, forgotten with it, and taken over from apps stored before.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AppCertificateTests(ClusterFixture fixture) : IDisposable
{
    private readonly TestCertificateAuthority _ca = new();
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Activation_AppStoredWithItsCertificateInTheAppState_TheCertificateGrainReportsAndServesIt_TheAppGrainDropsItsCopy()
    {
        const string name = "legacy-tls";
        var (chain, key, leaf) = _ca.Issue([$"{name}.example.test"]);
        var certificate = CertificateReader.Read(chain, key, AppCertificate.OwnSource, DateTimeOffset.UtcNow, out var problem);
        Assert.True(certificate is not null, problem);
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>(name);
        await ClusterFixture.Storage!.SeedAppStateAsync(app.GetGrainId(), new AppState
        {
            CreatedAt = DateTimeOffset.UtcNow,
            LegacyCertificate = certificate,
            LegacyHstsOff = true,
            LegacyAcmeFailures = 2,
            LegacyAcmeFailure = "earlier failure",
        });

        var report = await Cluster.GrainFactory.GetGrain<IAppCertificateGrain>(name).GetCertificateAsync();

        Assert.NotNull(report);
        Assert.True(report.Enabled);
        Assert.Equal(certificate!.Fingerprint, report.Fingerprint);
        Assert.Equal([$"{name}.example.test"], report.ServedHosts);
        Assert.False(report.Hsts);
        Assert.Equal("earlier failure", report.LastFailure);
        var entry = await Cluster.GrainFactory.GetGrain<IAppCertificateGrain>(name).GetTlsEntryAsync();
        Assert.Equal(leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(), entry?.Certificate.Fingerprint);
        await Poll.UntilAsync(async () => (await ClusterFixture.Storage.ReadAppStateAsync(app.GetGrainId())).LegacyCertificate is null,
            TimeSpan.FromSeconds(10), "the app grain to drop its copy of the certificate");
        Assert.True((await app.GetInfoAsync()).Exists);
    }

    [Fact]
    public async Task LegacyRenewalReminder_OnTheAppGrain_IsDropped_TheCertificateGrainRenewsFromItsOwn()
    {
        const string name = "legacy-acme";
        var (chain, key, _) = _ca.Issue([$"{name}.example.test"]);
        var certificate = CertificateReader.Read(chain, key, AppCertificate.LetsEncryptSource, DateTimeOffset.UtcNow, out _);
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>(name);
        await ClusterFixture.Storage!.SeedAppStateAsync(app.GetGrainId(), new AppState
        {
            CreatedAt = DateTimeOffset.UtcNow,
            LegacyCertificate = certificate,
            LegacyLetsEncrypt = true,
        });
        // Written to the table as the app grain registered it then; the silo picks it up on its next read of the table.
        var reminders = ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<IReminderTable>();
        await reminders.UpsertRow(new ReminderEntry
        {
            GrainId = app.GetGrainId(), ReminderName = "acme-renewal", StartAt = DateTime.UtcNow.AddSeconds(1), Period = TimeSpan.FromMinutes(1),
        });

        await Poll.UntilAsync(async () => await reminders.ReadRow(app.GetGrainId(), "acme-renewal") is null, TimeSpan.FromSeconds(30),
            "the app grain to drop its renewal reminder");

        var certificates = Cluster.GrainFactory.GetGrain<IAppCertificateGrain>(name);
        Assert.NotNull(await reminders.ReadRow(certificates.GetGrainId(), "acme-renewal"));
        var report = await certificates.GetCertificateAsync();
        Assert.True(report!.LetsEncrypt);
        Assert.Equal(certificate!.Fingerprint, report.Fingerprint);
        Assert.NotNull(report.RenewsAt);
    }

    [Fact]
    public async Task Commands_UnknownApp_AreRefusedAsTheAppGrainRefusesThem()
    {
        var certificates = Cluster.GrainFactory.GetGrain<IAppCertificateGrain>("never-certified");
        var (chain, key, _) = _ca.Issue(["never-certified.example.test"]);

        Assert.Null(await certificates.GetCertificateAsync());
        Assert.Equal("app 'never-certified' does not exist", (await certificates.AddCertificateAsync(chain, key)).Error);
        Assert.Equal(AppCommandStatus.NotFound, (await certificates.SetHstsAsync(false)).Status);
        Assert.Equal(AppCommandStatus.NotFound, (await certificates.RemoveCertificateAsync()).Status);
        Assert.Equal(AppCommandStatus.NotFound, (await certificates.EnableLetsEncryptAsync()).Result.Status);
        Assert.Null(await certificates.GetTlsEntryAsync());
    }

    [Fact]
    public async Task Destroy_AppWithACertificate_LeavesTheTlsTable_AndAnAppCreatedAgainHasNone()
    {
        const string name = "tls-doomed";
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>(name);
        Assert.True((await app.CreateAsync()).Succeeded);
        Assert.True((await app.AddDomainAsync("www.tls-doomed.test")).Succeeded);
        var certificates = Cluster.GrainFactory.GetGrain<IAppCertificateGrain>(name);
        var (chain, key, _) = _ca.Issue([$"{name}.example.test"]);
        var added = await certificates.AddCertificateAsync(chain, key);
        Assert.True(added.Succeeded, added.Error);
        Assert.Equal(["www.tls-doomed.test"], (await certificates.GetCertificateAsync())!.UncoveredHosts);
        Assert.Contains(await TlsTableAppsAsync(), e => e == name);

        Assert.True((await app.DestroyAsync()).Succeeded);

        Assert.Null(await certificates.GetCertificateAsync());
        Assert.Null(await certificates.GetTlsEntryAsync());
        Assert.DoesNotContain(await TlsTableAppsAsync(), e => e == name);
        Assert.True((await app.CreateAsync()).Succeeded);
        var fresh = await certificates.GetCertificateAsync();
        Assert.False(fresh!.Enabled);
        Assert.True(fresh.Hsts);
    }

    private async Task<IEnumerable<string>> TlsTableAppsAsync() =>
        (await Cluster.GrainFactory.GetGrain<ITlsTableGrain>(0).WaitForChangeAsync("grain-tests", -1, TimeSpan.Zero)).Apps.Select(e => e.App);

    public void Dispose() => _ca.Dispose();
}
