using Microsoft.Extensions.Options;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Build.Buildpacks;
using OrleansPaas.Configuration;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Build;

/// <summary>The fetcher with real git clones of a local buildpack repository.</summary>
public sealed class BuildpackFetcherTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "paas-fetch-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Fetch_SameBuildpackAgainWhileABuildUsesIt_LeavesThatBuildsCopyAlone()
    {
        var options = new PaasOptions { DataDir = _dataDir };
        var fetcher = new BuildpackFetcher(new DataPaths(options), Options.Create(options));
        var reference = new BuildpackReference(await TestBuildpacks.VersionedRepositoryAsync(), "v1");
        var log = BuildLog.InMemory();

        var first = await fetcher.FetchAsync(reference, log, CancellationToken.None);
        Assert.Null(first.Error);
        // What a running build sees of its copy (it is bind-mounted into the builder container).
        var inUse = Path.Combine(first.Directory!, "bin", "compile");
        var before = await File.ReadAllTextAsync(inUse);
        var marker = Path.Combine(first.Directory!, "build-in-progress");
        await File.WriteAllTextAsync(marker, "mounted");

        var second = await fetcher.FetchAsync(reference, log, CancellationToken.None);

        Assert.Null(second.Error);
        Assert.NotEqual(first.Directory, second.Directory);
        Assert.True(File.Exists(marker), "the first build's copy was replaced under it");
        Assert.Equal(before, await File.ReadAllTextAsync(inUse));
        Assert.True(File.Exists(Path.Combine(second.Directory!, "bin", "compile")));
    }

    [Fact]
    public async Task Fetch_SourceGone_UsesTheCopyFetchedBefore()
    {
        var options = new PaasOptions { DataDir = _dataDir };
        var fetcher = new BuildpackFetcher(new DataPaths(options), Options.Create(options));
        var repository = await TestBuildpacks.VersionedRepositoryAsync();
        var reference = new BuildpackReference(repository, "v1");
        var log = BuildLog.InMemory();
        var first = await fetcher.FetchAsync(reference, log, CancellationToken.None);

        Directory.Delete(repository, recursive: true);
        var offline = await fetcher.FetchAsync(reference, log, CancellationToken.None);

        Assert.Null(offline.Error);
        Assert.Equal(first.Directory, offline.Directory);
        Assert.Contains(log.Lines(), l => l.Contains("using the copy fetched before", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
