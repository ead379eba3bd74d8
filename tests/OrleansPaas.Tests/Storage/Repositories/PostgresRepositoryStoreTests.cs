using Microsoft.Extensions.Logging.Abstractions;
using OrleansPaas.Apps;
using OrleansPaas.Gateway.Git;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Storage.Repositories;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Storage.Repositories;

/// <summary>
/// Repositories durable cluster-wide: packs from real git repositories saved to a real private
/// PostgreSQL server and imported into another node's data folder.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRepositoryStoreTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "paas-repo-store-" + Guid.NewGuid().ToString("N")[..8]);
    private PostgresRepositoryStore _store = null!;

    private static readonly string Zero = new('0', 40);

    private static AppName NewApp() => AppName.Parse("repo-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync("repository_store");
        _store = new PostgresRepositoryStore(connectionString, Path.Combine(_root, "scratch"));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task GetHeadAsync_UnknownApp_IsNull()
    {
        Assert.Null(await _store.GetHeadAsync(NewApp(), CancellationToken.None));
        Assert.Null(await _store.OpenPackAsync(NewApp(), CancellationToken.None));
    }

    [Fact]
    public async Task SavePackAsync_ThenSyncOnAnotherNode_GitLogThereShowsTheCommit()
    {
        var app = NewApp();
        using var source = await GitWorkTree.CreateAsync();
        var first = await source.CommitAsync("index.html", "one");
        var second = await source.CommitAsync("index.html", "two");
        await SaveAsync(app, source, "refs/heads/main", Zero, second);

        var head = await _store.GetHeadAsync(app, CancellationToken.None);
        Assert.Equal(("refs/heads/main", second), (head!.RefName, head.Commit));
        Assert.True(head.PackBytes > 0);

        var (sync, repositories) = Node("other");
        Assert.False(repositories.Exists(app));
        Assert.Equal(RepositorySyncOutcome.Imported, await sync.SyncForReadAsync(app, CancellationToken.None));

        var log = await GitWorkTree.GitInAsync(repositories.PathOf(app), "log", "--format=%H", "main");
        Assert.Equal([second, first], log.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // The imported repository carries the platform's hook like one made by a push.
        Assert.True(File.Exists(Path.Combine(repositories.PathOf(app), "hooks", "pre-receive")));
        var fsck = await GitWorkTree.GitInAsync(repositories.PathOf(app), "fsck", "--strict");
        Assert.True(fsck.ExitCode == 0, fsck.ToString());
    }

    [Fact]
    public async Task SyncAsync_UpToDate_IsANoOp_AndANewerPushIsImported()
    {
        var app = NewApp();
        using var source = await GitWorkTree.CreateAsync();
        var first = await source.CommitAsync("a.txt", "1");
        await SaveAsync(app, source, "refs/heads/main", Zero, first);
        var (sync, repositories) = Node("other");

        Assert.Equal(RepositorySyncOutcome.Imported, await sync.SyncForReadAsync(app, CancellationToken.None));
        var packs = PackFiles(repositories.PathOf(app));
        Assert.Equal(RepositorySyncOutcome.UpToDate, await sync.SyncForReadAsync(app, CancellationToken.None));
        Assert.Equal(packs, PackFiles(repositories.PathOf(app)));

        var second = await source.CommitAsync("a.txt", "2");
        await SaveAsync(app, source, "refs/heads/main", first, second);
        Assert.Equal(RepositorySyncOutcome.Imported, await sync.SyncForPushAsync(app, CancellationToken.None));
        var tip = await GitWorkTree.GitInAsync(repositories.PathOf(app), "rev-parse", "main");
        Assert.Equal(second, tip.StandardOutput.Trim());
    }

    [Fact]
    public async Task SyncAsync_MasterBranch_ClonePointsHeadAtIt()
    {
        var app = NewApp();
        using var source = await GitWorkTree.CreateAsync("master");
        var commit = await source.CommitAsync("a.txt", "1");
        await SaveAsync(app, source, "refs/heads/master", Zero, commit);
        var (sync, repositories) = Node("other");

        await sync.SyncForReadAsync(app, CancellationToken.None);

        var head = await GitWorkTree.GitInAsync(repositories.PathOf(app), "rev-parse", "HEAD");
        Assert.Equal(commit, head.StandardOutput.Trim());
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheRepository_AndSyncLeavesTheDiskAlone()
    {
        var app = NewApp();
        using var source = await GitWorkTree.CreateAsync();
        await SaveAsync(app, source, "refs/heads/main", Zero, await source.CommitAsync("a.txt", "1"));

        await _store.DeleteAsync(app, CancellationToken.None);

        Assert.Null(await _store.GetHeadAsync(app, CancellationToken.None));
        var (sync, repositories) = Node("other");
        Assert.Equal(RepositorySyncOutcome.NotStored, await sync.SyncForReadAsync(app, CancellationToken.None));
        Assert.False(repositories.Exists(app));
    }

    [Fact]
    public async Task SavePackAsync_NonSeekableStream_IsStoredWhole()
    {
        var app = NewApp();
        using var source = await GitWorkTree.CreateAsync();
        var commit = await source.CommitAsync("a.txt", "1");
        using var pack = new MemoryStream();
        Assert.Null(await RepositoryPacks.WriteAsync(source.GitDirectory, null, commit, pack, CancellationToken.None));

        Assert.True(await _store.SavePackAsync(app, "refs/heads/main", Zero, commit, new ForwardOnlyStream(pack.ToArray()), CancellationToken.None));

        await using var stored = await _store.OpenPackAsync(app, CancellationToken.None);
        using var copy = new MemoryStream();
        await stored!.CopyToAsync(copy);
        Assert.Equal(pack.ToArray(), copy.ToArray());
    }

    [Fact]
    public async Task SavePackAsync_TwoPushesFromOneOldCommit_OnlyTheFirstIsStored()
    {
        var app = NewApp();
        using var source = await GitWorkTree.CreateAsync();
        var parent = await source.CommitAsync("a.txt", "parent");
        Assert.True(await SaveAsync(app, source, "refs/heads/main", Zero, parent));
        var winner = await source.CommitAsync("a.txt", "winner");
        await source.GitAsync("reset", "-q", "--hard", parent);
        var loser = await source.CommitAsync("a.txt", "loser");

        Assert.True(await SaveAsync(app, source, "refs/heads/main", parent, winner));
        Assert.False(await SaveAsync(app, source, "refs/heads/main", parent, loser));
        // A second "first push" of the branch loses too: the store holds it already.
        Assert.False(await SaveAsync(app, source, "refs/heads/main", Zero, loser));

        Assert.Equal(winner, (await _store.GetHeadAsync(app, CancellationToken.None))!.Commit);
    }

    [Fact]
    public async Task SavePackAsync_RacingPushes_ExactlyOneIsStored()
    {
        var app = NewApp();
        using var source = await GitWorkTree.CreateAsync();
        var parent = await source.CommitAsync("a.txt", "parent");
        Assert.True(await SaveAsync(app, source, "refs/heads/main", Zero, parent));
        var children = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await source.GitAsync("reset", "-q", "--hard", parent);
            children.Add(await source.CommitAsync("a.txt", $"child {i}"));
        }

        var saved = await Task.WhenAll(children.Select(child => SaveAsync(app, source, "refs/heads/main", parent, child)));

        Assert.Single(saved, s => s);
        Assert.Equal(children[Array.IndexOf(saved, true)], (await _store.GetHeadAsync(app, CancellationToken.None))!.Commit);
    }

    [Fact]
    public async Task Schema_CreatedTwice_IsIdempotent()
    {
        var connectionString = await postgres.CreateDatabaseAsync("repository_schema");
        await using var one = new PostgresRepositoryStore(connectionString, Path.Combine(_root, "scratch"));
        await using var two = new PostgresRepositoryStore(connectionString, Path.Combine(_root, "scratch"));
        var app = NewApp();
        await Task.WhenAll(one.GetHeadAsync(app, CancellationToken.None), two.GetHeadAsync(app, CancellationToken.None));
        Assert.Null(await two.GetHeadAsync(app, CancellationToken.None));
    }

    /// <summary>What the hook does after a successful deploy: a pack of everything reachable from the commit, into the store.</summary>
    private async Task<bool> SaveAsync(AppName app, GitWorkTree source, string refName, string expectedOld, string commit)
    {
        var pack = Path.Combine(_root, $"{Guid.NewGuid():N}.pack");
        Directory.CreateDirectory(_root);
        await using (var file = File.Create(pack))
        {
            Assert.Null(await RepositoryPacks.WriteAsync(source.GitDirectory, null, commit, file, CancellationToken.None));
        }

        await using var read = File.OpenRead(pack);
        return await _store.SavePackAsync(app, refName, expectedOld, commit, read, CancellationToken.None);
    }

    /// <summary>Another node: its own data folder, the same store.</summary>
    private (RepositorySync Sync, AppRepositories Repositories) Node(string name)
    {
        var repositories = new AppRepositories(new DataPaths(new PaasOptions { DataDir = Path.Combine(_root, name) }));
        return (new RepositorySync(repositories, _store, NullLogger<RepositorySync>.Instance), repositories);
    }

    private static string[] PackFiles(string repository) =>
        Directory.GetFiles(Path.Combine(repository, "objects", "pack"), "*.pack").Order().ToArray();

    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
