using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Grains.Attachments;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Tests.Attachments;

public sealed class AttachmentPlacementTests
{
    private static readonly ContainerAttachments WithVolume =
        ContainerAttachments.None with { Mounts = [new StorageMount("data", "paas-blog-data", "/data", HostDirectory: false)] };

    [Fact]
    public void ForStorage_RecordedNode_IsChosenEvenWhenBusier()
    {
        var loads = new Dictionary<string, int> { ["n1"] = 0, ["n2"] = 9 };
        Assert.Equal("n2", NodeChooser.ForStorage("n2", [], loads));
    }

    [Fact]
    public void ForStorage_RecordedNodeNotLive_IsNoNode() =>
        Assert.Null(NodeChooser.ForStorage("n3", [], new Dictionary<string, int> { ["n1"] = 0 }));

    [Fact]
    public void ForStorage_NothingRecorded_KeptInstanceNodeThenLeastLoaded()
    {
        var loads = new Dictionary<string, int> { ["n1"] = 5, ["n2"] = 1 };
        Assert.Equal("n1", NodeChooser.ForStorage(null, ["n1"], loads));
        Assert.Equal("n2", NodeChooser.ForStorage(null, [], loads));
    }

    [Fact]
    public void Refusal_StorageNodeGone_NamesTheVolumeAndTheNode()
    {
        var refusal = StoragePlacement.Refusal(WithVolume, "n2", ["n1"]);
        Assert.Contains("volume 'data'", refusal);
        Assert.Contains("node n2", refusal);
        Assert.Null(StoragePlacement.Refusal(WithVolume, "n1", ["n1"]));
        Assert.Null(StoragePlacement.Refusal(ContainerAttachments.None, "n2", ["n1"]));
    }

    [Fact]
    public void After_FirstDeployRecordsTheNode_LaterKeepsIt_NoStorageForgetsIt()
    {
        InstanceInfo On(string node) => new("c", "web", 1, "127.0.0.1", 1, 1, node);
        Assert.Equal("n1", StoragePlacement.After(WithVolume, null, [On("n1")]));
        Assert.Equal("n2", StoragePlacement.After(WithVolume, "n2", [On("n1")]));
        Assert.Null(StoragePlacement.After(ContainerAttachments.None, "n2", [On("n1")]));
    }

    [Fact]
    public void RunNode_ARunMountingStorage_UsesTheStorageNode_OtherwiseAnyNode()
    {
        Assert.Equal("n2", StoragePlacement.RunNode(WithVolume, "n2"));
        Assert.Null(StoragePlacement.RunNode(ContainerAttachments.None, "n2"));
        Assert.Null(StoragePlacement.RunNode(null, "n2"));
        // Storage added but not deployed yet: no node holds it, so the run's node makes it.
        Assert.Null(StoragePlacement.RunNode(WithVolume, null));
    }

    [Fact]
    public void PortedProcess_DeclaredWebIfAny_ElseFirstDeclaredByName()
    {
        Assert.Equal("web", ContainerAttachments.PortedProcess(new Dictionary<string, string> { ["worker"] = "w", ["web"] = "httpd" }));
        Assert.Equal("web", ContainerAttachments.PortedProcess(new Dictionary<string, string> { ["web"] = "" }));
        // A Dockerfile app's implicit web (its CMD) does not hold the ports of a Procfile's vpn.
        Assert.Equal("vpn", ContainerAttachments.PortedProcess(new Dictionary<string, string> { ["vpn"] = "openvpn", ["web"] = "" }));
        Assert.Equal("dns", ContainerAttachments.PortedProcess(new Dictionary<string, string> { ["vpn"] = "a", ["dns"] = "b", ["release"] = "c" }));
    }

    [Fact]
    public void AttachmentEdit_SecondMountAtOnePath_IsRefused_SamePortTwice_IsRefused()
    {
        Assert.Contains("already mounts data at /data",
            AttachmentEdit.Apply("blog", WithVolume, new AttachmentChange(AttachmentChangeKind.AddMount, new StorageMount("/srv/x", "/srv/x", "/data/", true)), out _));
        var ported = ContainerAttachments.None with { Ports = [new PortMapping("udp", 1194, 1194)] };
        Assert.Contains("already publishes host port udp/1194",
            AttachmentEdit.Apply("vpn", ported, new AttachmentChange(AttachmentChangeKind.AddPort, Port: new PortMapping("udp", 1194, 1195)), out var unchanged));
        Assert.Same(ported, unchanged);
        Assert.Null(AttachmentEdit.Apply("vpn", ported, new AttachmentChange(AttachmentChangeKind.AddPort, Port: new PortMapping("tcp", 1194, 1194)), out var both));
        Assert.Equal(2, both.Ports.Count);
    }
}
