using System.Diagnostics;
using Orleans.TestingHost;
using OrleansPaas.Audit;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Grains;

/// <summary>The cluster's audit trail: numbered, kept in chunks, read newest first per app.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditLogTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Append_OverSeveralChunks_ListGivesTheNewestOfOneApp_OldestFirst_AndFollowsWithAfter()
    {
        var trail = Cluster.GrainFactory.GetGrain<IAuditLogGrain>(0);
        var app = "audit-" + Guid.NewGuid().ToString("N")[..6];
        const int Count = 600;
        var watch = Stopwatch.StartNew();
        long last = 0;
        for (var i = 0; i < Count; i++)
        {
            last = await trail.AppendAsync(new AuditEntry(0, DateTimeOffset.UtcNow, "ci", "192.0.2.1", "UpdateConfig", i % 2 == 0 ? app : "other", "ok (200)", $"set N{i}"));
        }

        output.WriteLine($"audit append: {watch.Elapsed.TotalMicroseconds / Count:0} µs each (in-memory storage, chunks of {OrleansPaas.Grains.Audit.AuditLogGrain.ChunkSize})");

        var newest = await trail.ListAsync(new AuditQuery(app, Limit: 10));
        Assert.Equal(10, newest.Count);
        Assert.All(newest, e => Assert.Equal(app, e.App));
        Assert.Equal("set N598", newest[^1].Detail);
        Assert.True(newest.Zip(newest.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "entries must come oldest first");

        var appended = await trail.AppendAsync(new AuditEntry(0, DateTimeOffset.UtcNow, "admin", "-", "DestroyApp", app, "ok (204)"));
        var after = await trail.ListAsync(new AuditQuery(After: last));
        Assert.Equal(appended, Assert.Single(after).Sequence);
        Assert.Empty(await trail.ListAsync(new AuditQuery(OnlyApps: ["nobody-" + app])));
    }

    [Fact]
    public async Task AppendMany_ABatchOverAChunkBoundary_IsNumberedInOrder_WithoutGaps()
    {
        var trail = Cluster.GrainFactory.GetGrain<IAuditLogGrain>(0);
        var app = "batch-" + Guid.NewGuid().ToString("N")[..6];
        var batch = Enumerable.Range(0, 250)
            .Select(i => new AuditEntry(0, DateTimeOffset.UtcNow, "ci", "192.0.2.1", "Scale", app, "ok (200)", $"#{i}"))
            .ToList();
        var watch = Stopwatch.StartNew();

        var last = await trail.AppendManyAsync(batch);

        output.WriteLine($"audit batch of {batch.Count}: {watch.Elapsed.TotalMicroseconds / batch.Count:0} µs per entry");
        var kept = await trail.ListAsync(new AuditQuery(app, Limit: 1000));
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"#{i}"), kept.Select(e => e.Detail));
        Assert.Equal(Enumerable.Range(0, 250).Select(i => last - 249 + i), kept.Select(e => e.Sequence));
    }
}
