using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The persisted state of one app: what should run. Everything the user configured lives here, never
/// only in memory; what runs is read from the nodes (<see cref="Supervision.RunningInstances"/>).
/// </summary>
[GenerateSerializer, Alias("paas.AppState")]
public sealed class AppState
{
    [Id(0)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(1)] public List<ReleaseRecord> Releases { get; set; } = [];
    [Id(2)] public int CurrentVersion { get; set; }
    // Id 3 (instances), 9 (crashes) and 19 (parked containers) held what runs; that is observed
    // now (Supervision/RunningInstances), and those ids are not used again.
    [Id(4)] public int NextBuildId { get; set; } = 1;
    [Id(5)] public Dictionary<string, string> Config { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public List<string> Domains { get; set; } = [];
    [Id(7)] public Dictionary<string, int> Formation { get; set; } = new(StringComparer.Ordinal) { ["web"] = 1 };
    [Id(8)] public bool Stopped { get; set; }

    // Ids 10-15 held the app's TLS before it had its own grain (Tls/AppCertificateGrain). They are
    // read only to hand an app stored then over to that grain once (AppGrain.LegacyTls), and are not used again.
    [Id(10)] public OrleansPaas.Tls.AppCertificate? LegacyCertificate { get; set; }
    [Id(11)] public bool LegacyHstsOff { get; set; }
    [Id(12)] public bool LegacyLetsEncrypt { get; set; }
    [Id(13)] public string? LegacyAcmeFailure { get; set; }
    [Id(14)] public DateTimeOffset? LegacyAcmeFailedAt { get; set; }
    [Id(15)] public int LegacyAcmeFailures { get; set; }

    /// <summary>The TLS an app stored before certificates had their own grain; null when there is none to hand over.</summary>
    public OrleansPaas.Grains.Tls.AppCertificateState? LegacyTls()
    {
        var legacy = new OrleansPaas.Grains.Tls.AppCertificateState
        {
            Certificate = LegacyCertificate,
            HstsOff = LegacyHstsOff,
            LetsEncrypt = LegacyLetsEncrypt,
            AcmeFailure = LegacyAcmeFailure,
            AcmeFailedAt = LegacyAcmeFailedAt,
            AcmeFailures = LegacyAcmeFailures,
        };
        return Exists && !legacy.IsEmpty ? legacy : null;
    }

    /// <summary>Once the certificate grain holds the app's TLS, the old fields are cleared.</summary>
    public void ForgetLegacyTls()
    {
        LegacyCertificate = null;
        LegacyHstsOff = false;
        LegacyLetsEncrypt = false;
        LegacyAcmeFailure = null;
        LegacyAcmeFailedAt = null;
        LegacyAcmeFailures = 0;
    }

    /// <summary>
    /// The app's own idle time before it sleeps (<c>ps:set APP sleep-after</c>); null: the platform's
    /// default (<c>Paas:Sleep:IdleAfter</c>); <see cref="TimeSpan.Zero"/>: never.
    /// </summary>
    [Id(16)] public TimeSpan? SleepAfter { get; set; }

    [Id(17)] public bool SleepPage { get; set; }

    /// <summary>Asleep: nothing runs, the routes say so, and the first request wakes the app.</summary>
    [Id(18)] public bool Sleeping { get; set; }

    [Id(20)] public DateTimeOffset? SleptAt { get; set; }

    [Id(21)] public OrleansPaas.Sleep.WakeRecord? LastWake { get; set; }

    [Id(22)] public int Wakes { get; set; }

    /// <summary>The last <c>Paas:Builds:Keep</c> builds, oldest first (<c>builds:list</c>); their output is in <see cref="OrleansPaas.Builds.IBuildOutputGrain"/>.</summary>
    [Id(23)] public List<OrleansPaas.Builds.BuildRecord> Builds { get; set; } = [];

    /// <summary>The app's own CPU and memory limits (<c>resource:limit</c>); null fields: <c>Paas:Deploy</c>'s defaults.</summary>
    [Id(24)] public OrleansPaas.Resources.ResourceLimits? Resources { get; set; }

    /// <summary>Mounts, ports, capabilities and devices (<c>storage:*</c>, <c>ports:*</c>, <c>ps:set</c>); null: none.</summary>
    [Id(25)] public OrleansPaas.Attachments.ContainerAttachments? Attachments { get; set; }

    /// <summary>The node holding the app's volumes, recorded at its first deploy with storage (<see cref="OrleansPaas.Attachments.StoragePlacement"/>).</summary>
    [Id(26)] public string? StorageNode { get; set; }

    public bool Exists => CreatedAt is not null;
    public ReleaseRecord? Current => Releases.FirstOrDefault(r => r.Version == CurrentVersion);
    public int NextVersion => Releases.Count == 0 ? 1 : Releases.Max(r => r.Version) + 1;
}
