using OrleansPaas.Ssh;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Grains;

/// <summary>The cluster's SSH keys: added once, refused with a sentence, removed at once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SshKeysGrainTests(ClusterFixture fixture)
{
    private ISshKeysGrain Keys => fixture.Cluster.GrainFactory.GetGrain<ISshKeysGrain>(0);

    [Fact]
    public async Task Add_AKey_IsFoundByFingerprintWithItsRole()
    {
        using var pair = await SshKeyPair.CreateAsync();
        var name = "alice-" + Guid.NewGuid().ToString("N")[..6];

        var added = await Keys.AddAsync(name, pair.PublicKey, "deploy", []);

        Assert.Equal(SshKeyStatus.Ok, added.Status);
        var found = await Keys.FindAsync(await pair.FingerprintAsync());
        Assert.NotNull(found);
        Assert.Equal(name, found.Name);
        Assert.Equal("deploy", found.Role);
        Assert.Contains(await Keys.ListAsync(), k => k.Name == name);
    }

    [Fact]
    public async Task Add_WithoutRole_IsAdmin()
    {
        using var pair = await SshKeyPair.CreateAsync("ecdsa", 384);

        var added = await Keys.AddAsync("ci-" + Guid.NewGuid().ToString("N")[..6], pair.PublicKey, null, []);

        Assert.Equal(SshKeyRole.Admin, added.Key!.Role);
    }

    [Fact]
    public async Task Add_SameKeyOrSameName_IsRefusedAndChangesNothing()
    {
        using var pair = await SshKeyPair.CreateAsync();
        using var other = await SshKeyPair.CreateAsync();
        var name = "bob-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(SshKeyStatus.Ok, (await Keys.AddAsync(name, pair.PublicKey, null, [])).Status);
        var before = await Keys.ListAsync();

        var sameKey = await Keys.AddAsync(name + "-again", pair.PublicKey, null, []);
        var sameName = await Keys.AddAsync(name, other.PublicKey, null, []);

        Assert.Equal(SshKeyStatus.Conflict, sameKey.Status);
        Assert.Equal($"this key ({await pair.FingerprintAsync()}) is already added as '{name}'", sameKey.Error);
        Assert.Equal(SshKeyStatus.Conflict, sameName.Status);
        Assert.Equal(before, await Keys.ListAsync());
    }

    [Theory]
    [InlineData("bad name", "ssh-ed25519", null, "name")]
    [InlineData("good", "ssh-rsa AAAA", null, "key")]
    [InlineData("good", null, "owner", "role")]
    public async Task Add_InvalidInput_IsRefusedNamingTheField(string name, string? key, string? role, string field)
    {
        using var pair = await SshKeyPair.CreateAsync();
        var before = await Keys.ListAsync();

        var result = await Keys.AddAsync(name, key is null || key == "ssh-ed25519" ? pair.PublicKey : key, role, []);

        Assert.Equal(SshKeyStatus.Invalid, result.Status);
        Assert.Equal(field, result.Field);
        Assert.Equal(before, await Keys.ListAsync());
    }

    [Fact]
    public async Task Add_ADeployKeyForApps_KeepsThemChecked_AndAnAdminKeyForAnApp_IsRefused()
    {
        using var pair = await SshKeyPair.CreateAsync();
        var name = "ci-" + Guid.NewGuid().ToString("N")[..6];
        var before = await Keys.ListAsync();

        var admin = await Keys.AddAsync(name, pair.PublicKey, "admin", ["blog"]);
        var badApp = await Keys.AddAsync(name, pair.PublicKey, "deploy", ["Blog!"]);
        Assert.Equal(before, await Keys.ListAsync());
        var added = await Keys.AddAsync(name, pair.PublicKey, "deploy", ["wiki", "blog", "blog"]);

        Assert.Equal((SshKeyStatus.Invalid, "apps"), (admin.Status, admin.Field));
        Assert.Equal("an admin key covers every app; --app is for deploy and read keys", admin.Error);
        Assert.Equal((SshKeyStatus.Invalid, "apps"), (badApp.Status, badApp.Field));
        Assert.Equal(SshKeyStatus.Ok, added.Status);
        Assert.Equal(["blog", "wiki"], (await Keys.FindAsync(await pair.FingerprintAsync()))!.CoveredApps);
    }

    [Fact]
    public async Task Remove_AKey_IsNotFoundAnyMore()
    {
        using var pair = await SshKeyPair.CreateAsync();
        var name = "gone-" + Guid.NewGuid().ToString("N")[..6];
        await Keys.AddAsync(name, pair.PublicKey, null, []);

        var removed = await Keys.RemoveAsync(name);

        Assert.Equal(SshKeyStatus.Ok, removed.Status);
        Assert.Null(await Keys.FindAsync(await pair.FingerprintAsync()));
        Assert.Equal(SshKeyStatus.NotFound, (await Keys.RemoveAsync(name)).Status);
    }
}
