using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Fencing;

/// <summary>
/// One attempt to reach the cluster: this node's row in the membership table (Active: reached; Dead:
/// declared dead), or else a short call answered by another live node's grain. Either is enough, so
/// a database outage alone (the nodes still reach each other) is never mistaken for a partition; a
/// node with no other live node is never cut off from anyone. An attempt still pending from an
/// earlier check is not started again (a database or node that hangs gets one call, not a pile).
/// </summary>
public sealed class ClusterContact(IMembershipTable table, IClusterMembershipService membership, ILocalSiloDetails local, ClusterNodes nodes,
    IGrainFactory grains)
{
    private readonly Dictionary<string, Task> _pending = new(StringComparer.Ordinal);
    private Task<MembershipTableData>? _tableRead;
    private long _lastReached;

    /// <summary>
    /// When contact last succeeded (a <see cref="System.Diagnostics.Stopwatch"/> timestamp, 0 before
    /// any), counting answers that came after their attempt gave up: a slow answer is still contact.
    /// </summary>
    public long LastReached => Interlocked.Read(ref _lastReached);

    public async Task<Contact> TryAsync(TimeSpan timeout)
    {
        // Orleans learnt it already (and is about to end the silo).
        if (membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress) == SiloStatus.Dead)
        {
            return Contact.DeclaredDead;
        }

        var peers = nodes.Live().Where(n => n != nodes.Local).ToList();
        if (peers.Count == 0)
        {
            return Contact.Reached;
        }

        var read = _tableRead is { IsCompleted: false } ? _tableRead : _tableRead = Noted(table.ReadRowAsync(local.SiloAddress, CancellationToken.None));
        var calls = peers.Select(Call).ToList();
        var deadline = Task.Delay(timeout);
        var waiting = new List<Task>([read, .. calls]);
        while (waiting.Count > 0)
        {
            var done = await Task.WhenAny([.. waiting, deadline]);
            if (done == deadline)
            {
                return Contact.None;
            }

            waiting.Remove(done);
            if (done == read && read.IsCompletedSuccessfully && OwnStatus(read.Result) is { } status)
            {
                return status == SiloStatus.Dead ? Contact.DeclaredDead : status == SiloStatus.Active ? Contact.Reached : Contact.None;
            }

            if (done != read && done.IsCompletedSuccessfully)
            {
                return Contact.Reached;
            }
        }

        return Contact.None;
    }

    private async Task<MembershipTableData> Noted(Task<MembershipTableData> read)
    {
        var data = await read;
        if (OwnStatus(data) == SiloStatus.Active)
        {
            Reached();
        }

        return data;
    }

    private void Reached() => Interlocked.Exchange(ref _lastReached, System.Diagnostics.Stopwatch.GetTimestamp());

    private SiloStatus? OwnStatus(MembershipTableData data) =>
        data.Members.Where(m => m.Item1.SiloAddress.Equals(local.SiloAddress)).Select(m => (SiloStatus?)m.Item1.Status).FirstOrDefault();

    /// <summary>A cheap call that only the peer's own silo answers (a node grain lives on its node).</summary>
    private Task Call(string peer)
    {
        lock (_pending)
        {
            if (!_pending.TryGetValue(peer, out var call) || call.IsCompleted)
            {
                _pending[peer] = call = grains.Node(peer).GetControlUrlAsync()
                    .ContinueWith(answer =>
                    {
                        answer.GetAwaiter().GetResult(); // a failed call stays failed
                        Reached();
                    }, TaskScheduler.Default);
            }

            return call;
        }
    }
}
