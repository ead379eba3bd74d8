using OrleansPaas.Tables;

namespace OrleansPaas.Grains.Tables;

/// <summary>
/// The mechanism behind the route and TLS tables: the snapshot the gateways may see (with its epoch
/// and version), their long polls, the version each gateway reports it holds, and waiting until every
/// live gateway holds a version. The grain decides what a change is and when it is safe to show
/// (the route table only after it is saved); this class only hands out what it was given.
/// One instance lives as long as one grain activation: its epoch names that activation.
/// </summary>
public sealed class VersionedTable<TSnapshot> where TSnapshot : class, ITableSnapshot
{
    /// <summary>A gateway that has not polled for this long is considered gone and is not waited for.</summary>
    public static readonly TimeSpan GatewayExpiry = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, GatewayReport> _gateways = new(StringComparer.Ordinal);
    private readonly Func<IEnumerable<string>> _liveNodes;
    private readonly bool _gatewaysMayHoldEarlier;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _gatewayReported = NewSignal();

    /// <param name="first">Makes the first snapshot, for the given (new) epoch.</param>
    /// <param name="liveNodes">The nodes alive now; each runs a gateway.</param>
    /// <param name="gatewaysMayHoldEarlier">
    /// True when an earlier activation may have handed out snapshots: until they report (or
    /// <see cref="GatewayExpiry"/> passes), live nodes' gateways then count as not holding anything of this epoch.
    /// </param>
    public VersionedTable(Func<Guid, TSnapshot> first, Func<IEnumerable<string>> liveNodes, bool gatewaysMayHoldEarlier, TimeProvider? time = null)
    {
        Epoch = Guid.NewGuid();
        Current = first(Epoch);
        CheckBelongs(Current);
        _liveNodes = liveNodes;
        _gatewaysMayHoldEarlier = gatewaysMayHoldEarlier;
        _time = time ?? TimeProvider.System;
        _startedAt = _time.GetUtcNow();
    }

    public Guid Epoch { get; }

    /// <summary>The snapshot gateways get: only what was published, never a change still being saved.</summary>
    public TSnapshot Current { get; private set; }

    public long Version => Current.Version;

    /// <summary>The version the next published snapshot must carry.</summary>
    public long NextVersion => Version + 1;

    /// <summary>Shows <paramref name="next"/> to the gateways and wakes every poll waiting for a change.</summary>
    public void Publish(TSnapshot next)
    {
        CheckBelongs(next);
        if (next.Version <= Version)
        {
            throw new ArgumentException($"Version {next.Version} is not newer than {Version}.", nameof(next));
        }

        Current = next;
        var fired = _changed;
        _changed = NewSignal();
        fired.TrySetResult();
    }

    /// <summary>Notes that <paramref name="gateway"/> holds (<paramref name="epoch"/>, <paramref name="version"/>) now.</summary>
    public void Report(string gateway, Guid epoch, long version)
    {
        _gateways[gateway] = new GatewayReport(epoch, version, _time.GetUtcNow());
        var fired = _gatewayReported;
        _gatewayReported = NewSignal();
        fired.TrySetResult();
    }

    /// <summary>The version of this epoch <paramref name="gateway"/> last reported; 0 when it holds none.</summary>
    public long AppliedBy(string gateway) =>
        _gateways.TryGetValue(gateway, out var report) && report.Epoch == Epoch ? report.Version : 0;

    /// <summary>Returns the current snapshot once it differs from what the caller holds, or after <paramref name="wait"/>.</summary>
    public async Task<TSnapshot> WaitForChangeAsync(Guid knownEpoch, long knownVersion, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (knownEpoch == Epoch && knownVersion == Version)
        {
            // A cancelled wait (the gateway is stopping) just returns early; the snapshot is still valid.
            await Task.WhenAny(_changed.Task, Task.Delay(wait, _time, cancellationToken));
        }

        return Current;
    }

    /// <summary>True once every gateway waited for holds <paramref name="version"/> of this epoch or newer; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            // Taken before the check, so a report that arrives while checking is not missed.
            var reported = _gatewayReported.Task;
            if (WaitedFor().All(gateway => AppliedBy(gateway) >= version))
            {
                return true;
            }

            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.WhenAny(reported, Task.Delay(left, _time));
        }
    }

    /// <summary>
    /// The gateways a change waits for: those of live nodes that polled recently and, when an earlier
    /// activation may have handed out snapshots, those of live nodes not heard from since this one
    /// started (for as long as a gateway counts as alive without polling). A node that left is never waited for.
    /// </summary>
    public IReadOnlySet<string> WaitedFor()
    {
        var now = _time.GetUtcNow();
        var waited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in _liveNodes())
        {
            var heard = _gateways.TryGetValue(node, out var report);
            if (heard ? now - report.SeenAt < GatewayExpiry : _gatewaysMayHoldEarlier && now - _startedAt < GatewayExpiry)
            {
                waited.Add(node);
            }
        }

        return waited;
    }

    private void CheckBelongs(TSnapshot snapshot)
    {
        if (snapshot.Epoch != Epoch)
        {
            throw new ArgumentException("The snapshot belongs to another epoch.", nameof(snapshot));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
