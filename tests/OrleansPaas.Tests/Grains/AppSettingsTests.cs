using Orleans.TestingHost;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Grains;

/// <summary>Config, domains, scale and destroy on the real grain with fake Docker parts.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AppSettingsTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;
    private FakeContainerRuntime Runtime => ClusterFixture.Runtime;

    [Fact]
    public async Task UpdateConfig_WithRestart_MakesReleaseAndRunsInstancesWithNewEnvironment()
    {
        var app = await DeployedAppAsync("config-restart");

        var result = await app.UpdateConfigAsync(new ConfigChange(new Dictionary<string, string> { ["GREETING"] = "a = b\n\"c\"" }, [], Restart: true));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, result.App!.CurrentRelease!.Version);
        Assert.Equal("Set GREETING config var", result.App.CurrentRelease.Description);
        var instance = Assert.Single(result.App.Instances);
        Assert.Equal("a = b\n\"c\"", Runtime.Environments[instance.ContainerId]["GREETING"]);
        Assert.Equal("5000", Runtime.Environments[instance.ContainerId]["PORT"]);
        // The v1 instance is retired after the command answered.
        await Poll.UntilAsync(() => Task.FromResult(Runtime.Running.Values.Count(r => r.App == "config-restart") == 1),
            TimeSpan.FromSeconds(20), "the v1 instance to retire");
    }

    [Fact]
    public async Task UpdateConfig_NoRestart_StoresWithoutNewRelease()
    {
        var app = await DeployedAppAsync("config-no-restart");

        var result = await app.UpdateConfigAsync(new ConfigChange(new Dictionary<string, string> { ["A"] = "1" }, [], Restart: false));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(1, result.App!.CurrentRelease!.Version);
        Assert.Equal("1", (await app.GetConfigAsync())!["A"]);
    }

    [Theory]
    [InlineData("1ABC")]
    [InlineData("A-B")]
    [InlineData("A B")]
    [InlineData("")]
    [InlineData("PORT")]
    public async Task UpdateConfig_InvalidKey_IsRefusedNamingItAndChangesNothing(string key)
    {
        var app = await DeployedAppAsync("config-bad-" + Guid.NewGuid().ToString("N")[..12]);

        var result = await app.UpdateConfigAsync(new ConfigChange(new Dictionary<string, string> { ["GOOD"] = "1", [key] = "x" }, [], Restart: true));

        Assert.Equal(AppCommandStatus.Invalid, result.Status);
        Assert.Equal(key, result.Field);
        Assert.Empty((await app.GetConfigAsync())!);
        Assert.Single((await app.GetInfoAsync()).Releases);
    }

    [Fact]
    public async Task AddDomain_OwnedByAnotherApp_IsRefusedNamingTheOwner()
    {
        var shop = await DeployedAppAsync("domain-shop");
        var blog = await DeployedAppAsync("domain-blog");
        Assert.True((await shop.AddDomainAsync("WWW.Shop.Test.")).Succeeded);

        var taken = await blog.AddDomainAsync("www.shop.test");
        var someonesDefault = await blog.AddDomainAsync("domain-shop.example.test");

        Assert.Equal(AppCommandStatus.Conflict, taken.Status);
        Assert.Equal("domain 'www.shop.test' belongs to app 'domain-shop'", taken.Error);
        Assert.Equal(AppCommandStatus.Conflict, someonesDefault.Status);
        Assert.Equal(["www.shop.test"], (await shop.GetInfoAsync()).Domains);
        Assert.Empty((await blog.GetInfoAsync()).Domains);
    }

    [Theory]
    [InlineData("nodot")]
    [InlineData("bad_domain.test")]
    [InlineData("-x.test")]
    public async Task AddDomain_InvalidHost_IsRefused(string domain)
    {
        var app = await DeployedAppAsync("domain-invalid-" + Guid.NewGuid().ToString("N")[..12]);
        var result = await app.AddDomainAsync(domain);
        Assert.Equal(AppCommandStatus.Invalid, result.Status);
        Assert.Equal("domain", result.Field);
    }

    [Fact]
    public async Task Scale_WebTo3ThenTo1_RunsThatManyInstances()
    {
        var app = await DeployedAppAsync("scale");

        var up = await app.ScaleAsync(new Dictionary<string, int> { ["web"] = 3 });
        Assert.True(up.Succeeded, up.Error);
        Assert.Equal(["web.1", "web.2", "web.3"], up.App!.Instances.Select(i => i.Name));
        Assert.Equal(3, Runtime.Running.Values.Count(r => r.App == "scale"));

        var down = await app.ScaleAsync(new Dictionary<string, int> { ["web"] = 1 });
        Assert.Equal(["web.1"], down.App!.Instances.Select(i => i.Name));
        Assert.Equal(1, Runtime.Running.Values.Count(r => r.App == "scale"));
    }

    [Theory]
    [InlineData("web", -1)]
    [InlineData("worker", 1)]
    public async Task Scale_NegativeOrUnknownType_IsRefusedAndChangesNothing(string process, int count)
    {
        var app = await DeployedAppAsync("scale-bad-" + process);
        var result = await app.ScaleAsync(new Dictionary<string, int> { [process] = count });
        Assert.Equal(AppCommandStatus.Invalid, result.Status);
        Assert.Equal(process, result.Field);
        Assert.Equal(1, (await app.GetInfoAsync()).Formation["web"]);
    }

    [Fact]
    public async Task StopThenStart_RemovesThenRestoresInstances()
    {
        var app = await DeployedAppAsync("stop-start");

        var stopped = await app.StopAsync();
        Assert.True(stopped.App!.Stopped);
        Assert.Empty(stopped.App.Instances);
        Assert.DoesNotContain(Runtime.Running.Values, r => r.App == "stop-start");

        var started = await app.StartAsync();
        Assert.False(started.App!.Stopped);
        Assert.Single(started.App.Instances);
    }

    [Fact]
    public async Task Destroy_RemovesInstancesImagesStateAndRegistration()
    {
        var app = await DeployedAppAsync("doomed");
        await app.AddDomainAsync("doomed.test");

        var result = await app.DestroyAsync();

        Assert.True(result.Succeeded, result.Error);
        Assert.False((await app.GetInfoAsync()).Exists);
        Assert.DoesNotContain(Runtime.Running.Values, r => r.App == "doomed");
        Assert.Contains("doomed", ClusterFixture.Images.RemovedImagesOf);
        Assert.DoesNotContain("doomed", await Cluster.GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync());
        Assert.Null(await Cluster.GrainFactory.GetGrain<IDomainGrain>("doomed.test").OwnerAsync());
        Assert.Equal(AppCommandStatus.NotFound, (await app.DestroyAsync()).Status);
    }

    [Fact]
    public async Task Destroy_AppWithAPort_ReleasesIt_SoAnAppOfTheSameNameHasToClaimItAgain()
    {
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>("doomed-ported");
        Assert.True((await app.CreateAsync()).Succeeded);
        var port = new OrleansPaas.Attachments.PortMapping("udp", 41194, 1194);
        Assert.True((await app.ChangeAttachmentsAsync(new(OrleansPaas.Attachments.AttachmentChangeKind.AddPort, Port: port))).Succeeded);
        var holder = Cluster.GrainFactory.GetGrain<OrleansPaas.Attachments.IHostPortGrain>(port.HostKey);
        Assert.Equal("doomed-ported", await holder.HolderAsync());

        Assert.True((await app.DestroyAsync()).Succeeded);

        Assert.Null(await holder.HolderAsync());
        var other = Cluster.GrainFactory.GetGrain<IAppGrain>("took-the-port");
        Assert.True((await other.CreateAsync()).Succeeded);
        Assert.True((await other.ChangeAttachmentsAsync(new(OrleansPaas.Attachments.AttachmentChangeKind.AddPort, Port: port))).Succeeded);
        Assert.Equal("took-the-port", await holder.HolderAsync());
    }

    [Fact]
    public async Task Commands_UnknownApp_ReturnNotFound()
    {
        var app = Cluster.GrainFactory.GetGrain<IAppGrain>("never-created");
        Assert.Equal(AppCommandStatus.NotFound, (await app.ScaleAsync(new Dictionary<string, int> { ["web"] = 2 })).Status);
        Assert.Equal(AppCommandStatus.NotFound, (await app.AddDomainAsync("x.test")).Status);
        Assert.Equal(AppCommandStatus.NotFound, (await app.StopAsync()).Status);
        Assert.Equal("app 'never-created' does not exist", (await app.UpdateConfigAsync(new ConfigChange(new Dictionary<string, string>(), [], true))).Error);
        Assert.False((await app.GetInfoAsync()).Exists);
    }

    private Task<IAppGrain> DeployedAppAsync(string name) => DeployedApps.DeployAsync(Cluster, name);
}
