using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// <c>storage:move</c> on the real app grain. The test cluster has one node, so what is tested here is
/// everything but a copy: refusals before anything is touched, a move to where the volume is, and a
/// move of a volume that has no node yet. The copy itself is in the three-machine cluster test.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StorageMoveTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task MoveStorage_NoSuchVolume_HostDirectory_OtherMounts_OrUnknownNode_AreRefusedAndChangeNothing()
    {
        var app = await DeployedApps.DeployAsync(Cluster, "move-refused");
        var node = (await app.GetInfoAsync()).Instances[0].Node;

        Assert.Contains("has no volume 'data'", (await LastAsync(app, "data", node)).Error);

        await AddAsync(app, new StorageMount("data", StorageMount.VolumeName("move-refused", "data"), "/data", HostDirectory: false));
        Assert.Contains("'elsewhere' is not a live node of the cluster", (await LastAsync(app, "data", "elsewhere")).Error);

        await AddAsync(app, new StorageMount("/srv/move", "/srv/move", "/uploads", HostDirectory: true));
        Assert.Contains("not a volume the platform can copy", (await LastAsync(app, "/srv/move", node)).Error);
        var other = await LastAsync(app, "data", node);
        Assert.Equal(AppCommandStatus.Invalid, other.Status);
        Assert.Contains("also mounts /srv/move", other.Error);
        Assert.Null((await app.GetInfoAsync()).StorageNode);
    }

    [Fact]
    public async Task MoveStorage_VolumeWithoutANodeYet_RecordsTheNode_AndAMoveThereAgainChangesNothing()
    {
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>("move-unplaced");
        Assert.True((await app.CreateAsync()).Succeeded);
        await AddAsync(app, new StorageMount("data", StorageMount.VolumeName("move-unplaced", "data"), "/data", HostDirectory: false));
        // The test cluster's one node, as a deployed app's instance names it.
        var node = (await (await DeployedApps.DeployAsync(Cluster, "move-unplaced-peer")).GetInfoAsync()).Instances[0].Node;

        var steps = await StepsAsync(app, "data", node);

        Assert.Contains(steps, s => s.Line?.Contains("Nothing to copy yet") == true);
        Assert.True(steps[^1].Result!.Succeeded, steps[^1].Result!.Error);
        Assert.Equal(node, (await app.GetInfoAsync()).StorageNode);
        var again = await StepsAsync(app, "data", node);
        Assert.Contains(again, s => s.Line?.Contains($"is on node {node} already") == true);
    }

    private static async Task AddAsync(IAppGrain app, StorageMount mount) =>
        Assert.True((await app.ChangeAttachmentsAsync(new AttachmentChange(AttachmentChangeKind.AddMount, mount))).Succeeded);

    private static async Task<AppCommandResult> LastAsync(IAppGrain app, string volume, string node) => (await StepsAsync(app, volume, node))[^1].Result!;

    private static async Task<List<StorageMoveStep>> StepsAsync(IAppGrain app, string volume, string node)
    {
        var steps = new List<StorageMoveStep>();
        await foreach (var step in app.MoveStorageAsync(volume, node))
        {
            steps.Add(step);
        }

        Assert.NotNull(steps[^1].Result);
        return steps;
    }
}
