using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansPaas.NodeServices.Telemetry;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// Backups on the platform's meter, so a failing one is never silent: backups taken by service and
/// result (verified, unverified, failed), and per service the time of its newest verified backup
/// (read from the manifests on this node once, then kept up to date by the engine).
/// </summary>
public sealed class ServiceBackupMetrics
{
    private readonly Counter<long> _backups;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastVerified = new(StringComparer.Ordinal);
    private readonly Lazy<bool> _seeded;

    public ServiceBackupMetrics(PaasMetrics metrics, BackupStore store)
    {
        _seeded = new Lazy<bool>(() => Seed(store));
        _backups = metrics.Meter.CreateCounter<long>("paas.service.backups", "{backup}", "Service backups taken, by service and result (verified, unverified, failed)");
        metrics.Meter.CreateObservableGauge("paas.service.backup.last_verified", Observe, "s",
            "Unix time of each service's newest backup that passed verification");
    }

    public void Taken(string service, string result) =>
        _backups.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("result", result));

    public void Verified(string service, DateTimeOffset created) =>
        _lastVerified.AddOrUpdate(service, created, (_, known) => created > known ? created : known);

    private IEnumerable<Measurement<long>> Observe()
    {
        _ = _seeded.Value;
        return _lastVerified.Select(kv => new Measurement<long>(kv.Value.ToUnixTimeSeconds(), new KeyValuePair<string, object?>("service", kv.Key)));
    }

    private bool Seed(BackupStore store)
    {
        var services = Path.Combine(store.Root, "services");
        if (!Directory.Exists(services))
        {
            return true;
        }

        foreach (var service in Directory.EnumerateDirectories(services).Select(Path.GetFileName).OfType<string>())
        {
            var newest = store.ListAsync(service, CancellationToken.None).GetAwaiter().GetResult().FirstOrDefault(m => m.Verification?.Passed == true);
            if (newest is not null)
            {
                Verified(service, newest.Created);
            }
        }

        return true;
    }
}
