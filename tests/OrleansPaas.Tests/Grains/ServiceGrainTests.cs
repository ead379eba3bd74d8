using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Services;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.Services;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Grains;

/// <summary>A service's commands refuse bad input with one sentence before anything is created or reserved.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ServiceGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    [Theory]
    [InlineData("mysql", null, "kind", "the kind 'mysql' is not one of postgres, redis")]
    [InlineData("postgres", "latest", "version", "the version 'latest' is not a version number such as 16 or 7.2")]
    public async Task Create_BadKindOrVersion_IsRefusedAndNothingIsReserved(string kind, string? version, string field, string error)
    {
        var name = "svc-" + Guid.NewGuid().ToString("N")[..6];

        var result = await Grains.GetGrain<IServiceGrain>(name).CreateAsync(kind, version);

        Assert.Equal((AppCommandStatus.Invalid, field, error), (result.Status, result.Field, result.Error));
        await AssertNothingOfAsync(name);
    }

    [Fact]
    public async Task Create_InvalidName_IsRefused()
    {
        var result = await Grains.GetGrain<IServiceGrain>("Bad.Name").CreateAsync("redis", null);

        Assert.Equal((AppCommandStatus.Invalid, "name"), (result.Status, result.Field));
        await AssertNothingOfAsync("Bad.Name");
    }

    [Fact]
    public async Task Create_NameOfAnApp_IsAConflict()
    {
        var app = "app-" + Guid.NewGuid().ToString("N")[..6];
        Assert.True((await Grains.GetGrain<IAppGrain>(app).CreateAsync()).Succeeded);

        var result = await Grains.GetGrain<IServiceGrain>(app).CreateAsync("redis", null);

        Assert.Equal(AppCommandStatus.Conflict, result.Status);
        Assert.Equal($"'{app}' is already an app's name; choose another name for the service", result.Error);
        await AssertNothingOfAsync(app);
    }

    [Fact]
    public async Task LinkUnlinkDestroy_NoSuchService_IsNotFound()
    {
        var service = Grains.GetGrain<IServiceGrain>("svc-" + Guid.NewGuid().ToString("N")[..6]);

        Assert.Equal(AppCommandStatus.NotFound, (await service.LinkAsync("blog", null)).Status);
        Assert.Equal(AppCommandStatus.NotFound, (await service.UnlinkAsync("blog")).Status);
        Assert.Equal(AppCommandStatus.NotFound, (await service.DestroyAsync(force: true)).Status);
    }

    [Fact]
    public async Task Backups_NoSuchService_AreRefusedInOneSentence()
    {
        var name = "svc-" + Guid.NewGuid().ToString("N")[..6];
        var backups = Grains.GetGrain<IServiceBackupsGrain>(name);

        Assert.Equal($"service '{name}' does not exist.", (await backups.BackupNowAsync(retention: null)).Error);
        Assert.Equal($"service '{name}' does not exist.", (await backups.VerifyBackupAsync("20261205-000000-abcdef")).Error);
        Assert.Equal($"service '{name}' does not exist.", (await backups.RestoreBackupAsync("20261205-000000-abcdef", null)).Error);
        Assert.Null(await backups.ListBackupsAsync());
        await AssertNothingOfAsync(name);
    }

    [Fact]
    public async Task Create_FailsAtItsSave_ReleasesTheNameAndRemovesTheContainer()
    {
        await StandInServiceContainer.EnsureImageAsync("make-redis-image.sh", StandInServiceContainer.RedisImage);
        var name = "svc-" + Guid.NewGuid().ToString("N")[..6];
        var service = Grains.GetGrain<IServiceGrain>(name);
        ClusterFixture.Storage!.FailNextWrite(service.GetGrainId());
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => service.CreateAsync("redis", null));

            await AssertNothingOfAsync(name);
            Assert.Equal("", await ContainersOfAsync(name));
        }
        finally
        {
            await ProcessRunner.RunAsync("docker", ["rm", "-fv", ServiceResources.Container(name)]);
            await ProcessRunner.RunAsync("docker", ["network", "rm", ServiceResources.Network(name)]);
            await ProcessRunner.RunAsync("docker", ["volume", "rm", ServiceResources.Volume(name)]);
        }
    }

    [Fact]
    public async Task Destroy_WhileABackupRuns_DoesNotWaitForIt()
    {
        await StandInServiceContainer.EnsureImageAsync("make-redis-image.sh", StandInServiceContainer.RedisImage);
        var name = "svc-" + Guid.NewGuid().ToString("N")[..6];
        var service = Grains.GetGrain<IServiceGrain>(name);
        var created = await service.CreateAsync("redis", null);
        Assert.True(created.Succeeded, created.Error);
        ClusterFixture.ServiceBackups.Hold();
        var backup = Grains.GetGrain<IServiceBackupsGrain>(name).BackupNowAsync(retention: null);
        try
        {
            await ClusterFixture.ServiceBackups.Started.WaitAsync(TimeSpan.FromSeconds(20));

            // Unlinking (here: of an app that is not linked) and destroying answer while the backup is held.
            Assert.Equal(AppCommandStatus.NotFound, (await service.UnlinkAsync("blog").WaitAsync(TimeSpan.FromSeconds(20))).Status);
            var destroyed = await service.DestroyAsync(force: true).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(destroyed.Succeeded, destroyed.Error);
            await AssertNothingOfAsync(name);
            Assert.False(backup.IsCompleted);
        }
        finally
        {
            ClusterFixture.ServiceBackups.Release();
            await backup;
            await ProcessRunner.RunAsync("docker", ["rm", "-fv", ServiceResources.Container(name)]);
        }
    }

    private static async Task<string> ContainersOfAsync(string name) =>
        (await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", "name=^" + ServiceResources.Container(name) + "$"])).StandardOutput.Trim();

    private async Task AssertNothingOfAsync(string name)
    {
        Assert.Null(await Grains.GetGrain<IServiceGrain>(name).GetInfoAsync());
        Assert.DoesNotContain(await Grains.GetGrain<IServiceRegistryGrain>(0).ListAsync(), s => s.Name == name);
    }
}
