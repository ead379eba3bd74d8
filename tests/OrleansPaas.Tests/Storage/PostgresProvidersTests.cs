using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;
using OrleansPaas.Grains.Storage;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Storage;

/// <summary>
/// The Orleans ADO.NET providers themselves against the project's PostgreSQL schema: grain state
/// (read, write, clear, version conflicts) and reminders (upsert, reads by grain and hash range,
/// versioned delete). Membership is covered by real nodes forming a cluster (ClusterModeTests).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProvidersTests(PostgresServer pg)
{
    private const string StorageName = "pg";

    [Fact]
    public async Task GrainStorage_WriteReadClear_KeepsVersionsAndDetectsConflicts()
    {
        await using var silo = await StartSiloAsync("providers_storage");
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageName);
        var grain = GrainId.Create("test", "storage-" + Guid.NewGuid().ToString("N"));

        var state = new GrainState<TestState>(new TestState { Text = "one" });
        await storage.WriteStateAsync("state", grain, state);
        var stale = state.ETag;
        state.State!.Text = "two";
        await storage.WriteStateAsync("state", grain, state);

        var read = new GrainState<TestState>(new TestState());
        await storage.ReadStateAsync("state", grain, read);
        Assert.Equal(("two", state.ETag, true), (read.State!.Text, read.ETag, read.RecordExists));

        var conflicting = new GrainState<TestState>(new TestState { Text = "late" }) { ETag = stale, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("state", grain, conflicting));

        await storage.ClearStateAsync("state", grain, read);
        var afterClear = new GrainState<TestState>(new TestState());
        await storage.ReadStateAsync("state", grain, afterClear);
        Assert.False(afterClear.RecordExists);
        // The cleared row keeps counting: the clear's ETag guards the next write.
        afterClear.State!.Text = "three";
        afterClear.ETag = read.ETag;
        await storage.WriteStateAsync("state", grain, afterClear);
    }

    [Fact]
    public async Task Reminders_UpsertReadRangeDelete_FollowTheContract()
    {
        await using var silo = await StartSiloAsync("providers_reminders");
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var grain = GrainId.Create("test", "reminders-" + Guid.NewGuid().ToString("N"));
        var hash = grain.GetUniformHashCode();
        var start = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        var etag = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "tick", StartAt = start, Period = TimeSpan.FromDays(40) });
        var etag2 = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "tick", StartAt = start, Period = TimeSpan.FromMinutes(5) });
        Assert.NotEqual(etag, etag2);

        var row = await table.ReadRow(grain, "tick");
        Assert.NotNull(row);
        Assert.Equal((start, TimeSpan.FromMinutes(5), etag2), (row.StartAt, row.Period, row.ETag));
        Assert.Single((await table.ReadRows(grain)).Reminders);
        // (hash-1, hash] holds it; the wrapping range (hash, hash-1] does not; (x, x] is the whole ring.
        Assert.Single((await table.ReadRows(unchecked(hash - 1), hash)).Reminders);
        Assert.Empty((await table.ReadRows(hash, unchecked(hash - 1))).Reminders);
        Assert.Contains((await table.ReadRows(0, 0)).Reminders, r => r.GrainId == grain);

        Assert.False(await table.RemoveRow(grain, "tick", etag!));
        Assert.True(await table.RemoveRow(grain, "tick", etag2!));
        Assert.Null(await table.ReadRow(grain, "tick"));
    }

    private async Task<SiloHost> StartSiloAsync(string database)
    {
        var cs = await pg.CreateDatabaseAsync(database);
        await PostgresSchema.EnsureCreatedAsync(cs, CancellationToken.None);
        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort: FreePorts.Next(), gatewayPort: FreePorts.Next());
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = PostgresSchema.AdoNetInvariant;
                    o.ConnectionString = cs;
                });
                silo.AddAdoNetGrainStorage(StorageName, o =>
                {
                    o.Invariant = PostgresSchema.AdoNetInvariant;
                    o.ConnectionString = cs;
                });
            })
            .Build();
        await host.StartAsync();
        return new SiloHost(host);
    }

    private sealed class SiloHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    public sealed class TestState
    {
        public string Text { get; set; } = "";
    }
}
