using Orleans.TestingHost;
using OrleansPaas.Access;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Grains;

/// <summary>The cluster's named tokens: kept as hashes, refused with a sentence when wrong, and a revoke waits for the nodes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TokenTableTests(ClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    private ITokenTableGrain Table => Cluster.GrainFactory.GetGrain<ITokenTableGrain>(0);

    [Fact]
    public async Task Create_KeepsOnlyTheHash_ListsIt_AndRefusesADuplicateName()
    {
        var name = "create-" + Guid.NewGuid().ToString("N")[..6];
        var token = TokenHash.NewToken();

        var created = await Table.CreateAsync(new TokenCreation(name, PaasRole.Deploy, ["shop", "blog", "blog"], TokenHash.Of(token), null));
        var duplicate = await Table.CreateAsync(new TokenCreation(name, PaasRole.Read, [], TokenHash.Of(TokenHash.NewToken()), null));

        Assert.True(created.Succeeded, created.Error);
        Assert.Equal(["blog", "shop"], created.Token!.Apps);
        var listed = Assert.Single(await Table.ListAsync(), t => t.Name == name);
        Assert.Equal(TokenHash.Of(token), listed.Hash);
        Assert.DoesNotContain(token, listed.ToString());
        Assert.Equal(TokenCommandStatus.Conflict, duplicate.Status);
        Assert.Equal(PaasRole.Deploy, Assert.Single(await Table.ListAsync(), t => t.Name == name).Role);
    }

    [Theory]
    [InlineData("Bad Name", PaasRole.Read, new string[0], "is not a token name")]
    [InlineData("admin", PaasRole.Read, new string[0], "bootstrap admin token")]
    [InlineData("scoped-admin", PaasRole.Admin, new[] { "blog" }, "an admin token covers every app")]
    public async Task Create_BadInput_IsRefusedWithASentence_AndNothingIsKept(string name, PaasRole role, string[] apps, string expected)
    {
        var result = await Table.CreateAsync(new TokenCreation(name, role, apps, TokenHash.Of(TokenHash.NewToken()), null));

        Assert.Equal(TokenCommandStatus.Invalid, result.Status);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain(await Table.ListAsync(), t => t.Name == name);
    }

    [Fact]
    public async Task Revoke_ReturnsOnlyOnceTheLiveNodeHoldsTheTableWithoutIt()
    {
        var name = "revoke-" + Guid.NewGuid().ToString("N")[..6];
        Assert.True((await Table.CreateAsync(new TokenCreation(name, PaasRole.Read, [], TokenHash.Of(TokenHash.NewToken()), null))).Succeeded);
        // The silo's node, as its TokenWatcher would: poll with what it holds, apply what comes back.
        using var stop = new CancellationTokenSource();
        var held = TokenSnapshot.Empty;
        var sawRevokedBeforeReturn = false;
        var revokeReturned = false;
        var node = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                held = await Table.WaitForChangeAsync(Cluster.Primary!.Name, held.Version, TimeSpan.FromMilliseconds(200), held.Epoch,
                    new Dictionary<string, DateTimeOffset>());
                if (!revokeReturned && held.Tokens.Any(t => t.Name == name && t.RevokedAt is not null))
                {
                    sawRevokedBeforeReturn = true;
                }
            }
        });

        // Heard from once, the node is waited for (a node never heard from is not, as after 60 s of silence).
        await Poll.UntilAsync(() => Task.FromResult(held.Version != 0), TimeSpan.FromSeconds(10), "the node's first poll");
        var revoked = await Table.RevokeAsync(name);
        revokeReturned = true;
        await stop.CancelAsync();
        await node;

        Assert.True(revoked.Succeeded, revoked.Error);
        Assert.True(sawRevokedBeforeReturn, "the revoke returned before the node held the table where the token is revoked");
        Assert.DoesNotContain(await Table.ListAsync(), t => t.Name == name);
        Assert.Equal(TokenCommandStatus.NotFound, (await Table.RevokeAsync(name)).Status);
    }
}
