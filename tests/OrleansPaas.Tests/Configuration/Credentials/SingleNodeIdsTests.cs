using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Credentials;

namespace OrleansPaas.Tests.Configuration.Credentials;

public sealed class SingleNodeIdsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "paas-ids-" + Guid.NewGuid().ToString("N")[..8]);

    private DataPaths Paths => new(new PaasOptions { DataDir = _dir });

    public SingleNodeIdsTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void LoadOrCreate_NewDataFolder_UnguessableIdsKeptOwnerOnly()
    {
        var ids = SingleNodeIds.LoadOrCreate(Paths);

        Assert.NotEqual(SingleNodeIds.LegacyServiceId, ids.ServiceId);
        Assert.NotEqual(ids.ServiceId, ids.ClusterId);
        Assert.True(ids.ServiceId.Length >= 32, ids.ServiceId);
        Assert.Equal(ids, SingleNodeIds.LoadOrCreate(Paths));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Paths.SiloIds));
    }

    [Fact]
    public void LoadOrCreate_DataFolderWithADatabaseFromBefore_KeepsTheServiceIdItsGrainStateIsKeyedBy()
    {
        File.WriteAllText(Paths.Database, "");

        var ids = SingleNodeIds.LoadOrCreate(Paths);

        Assert.Equal(SingleNodeIds.LegacyServiceId, ids.ServiceId);
        Assert.NotEqual("dev", ids.ClusterId);
        Assert.Equal(ids, SingleNodeIds.LoadOrCreate(Paths));
    }

    [Fact]
    public void LoadOrCreate_TwoDataFolders_DifferentIds()
    {
        var other = Path.Combine(_dir, "other");
        Directory.CreateDirectory(other);

        Assert.NotEqual(SingleNodeIds.LoadOrCreate(Paths), SingleNodeIds.LoadOrCreate(new DataPaths(new PaasOptions { DataDir = other })));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
