using OrleansPaas.Apps;
using OrleansPaas.Grains.Storage.Repositories;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// Two real node processes of one cluster on PostgreSQL: what one node took in a push, the other
/// serves to git clone and builds the next push on; two pushes racing through both nodes lose nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RepositoryDurabilityTests(PostgresServer postgres)
{
    [Fact]
    public async Task Push_ToOneNode_IsClonedFromAndPushedOnAtTheOther()
    {
        var connectionString = await postgres.CreateDatabaseAsync("repository_e2e");
        var certificate = ClusterCertificates.CreatePfx(Path.Combine(Path.GetTempPath(), "paas-repo-" + Guid.NewGuid().ToString("N")[..8]), "cluster");
        var token = "repository-durability-" + Guid.NewGuid().ToString("N");
        await using var first = new PaasNode(postgresConnectionString: connectionString, certificatePath: certificate, nodeAddress: "127.0.0.1", adminToken: token);
        await using var second = new PaasNode(postgresConnectionString: connectionString, certificatePath: certificate, nodeAddress: "127.0.0.1", adminToken: token);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        var app = NodeFixture.NewAppName("durable");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "from the first node");

        var push = await source.PushAsync(first.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        await using (var store = new PostgresRepositoryStore(connectionString, Path.GetTempPath()))
        {
            var head = await store.GetHeadAsync(AppName.Parse(app), CancellationToken.None);
            Assert.Equal(await source.HeadAsync(), head?.Commit);
        }

        // The second node never saw the push: its clone comes from the store.
        var clone = Path.Combine(Path.GetTempPath(), "paas-clone-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cloned = await AppSource.GitIn(Path.GetTempPath(), "clone", "-q", second.RemoteUrl(app), clone);
            Assert.True(cloned.ExitCode == 0, cloned.Output);
            Assert.Equal("from the first node\n", await File.ReadAllTextAsync(Path.Combine(clone, "www", "index.html")));
        }
        finally
        {
            if (Directory.Exists(clone))
            {
                Directory.Delete(clone, recursive: true);
            }
        }

        // The next push goes to the second node, a fast-forward of what the first one took.
        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "from the second node", "second");
        var next = await source.PushAsync(second.RemoteUrl(app));
        Assert.True(next.ExitCode == 0, next.Output);

        // And the first node, asked again, serves the second node's commit.
        var fetched = await source.GitAsync("ls-remote", first.RemoteUrl(app), "refs/heads/main");
        Assert.StartsWith(await source.HeadAsync(), fetched.Output.Trim());

        // Two developers, one commit each on the same parent, push at the same moment through the two
        // nodes: exactly one push is accepted, and the store, both nodes and what runs agree on it.
        using var rival = await AppSource.CloneAsync(second.RemoteUrl(app));
        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "ours", "ours");
        await rival.CommitAsync(AppSource.StaticSiteDockerfile(), "theirs", "theirs");
        var raced = await Task.WhenAll(source.PushAsync(first.RemoteUrl(app)), rival.PushAsync(second.RemoteUrl(app)));

        var accepted = raced.Where(p => p.ExitCode == 0).ToList();
        Assert.True(accepted.Count == 1, $"ours: {raced[0].Output}\ntheirs: {raced[1].Output}");
        var (winner, content, loser) = raced[0].ExitCode == 0 ? (source, "ours", raced[1]) : (rival, "theirs", raced[0]);
        Assert.Contains("fetch, merge or rebase, and push again", loser.Output);
        var winning = await winner.HeadAsync();
        await using (var store = new PostgresRepositoryStore(connectionString, Path.GetTempPath()))
        {
            Assert.Equal(winning, (await store.GetHeadAsync(AppName.Parse(app), CancellationToken.None))?.Commit);
        }

        foreach (var node in new[] { first, second })
        {
            Assert.StartsWith(winning, (await source.GitAsync("ls-remote", node.RemoteUrl(app), "refs/heads/main")).Output.Trim());
        }

        await first.WaitForContentAsync($"{app}.{PaasNode.Domain}", content);
        using var api = first.Api();
        var releases = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync($"/api/apps/{app}/releases")).RootElement;
        var current = releases.EnumerateArray().Single(r => r.GetProperty("current").GetBoolean());
        Assert.Equal(winning, current.GetProperty("commit").GetString());
    }
}
