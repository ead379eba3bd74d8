using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.NodeServices.Repositories;
using OrleansPaas.Nodes;
using OrleansPaas.Tests.Grains;

namespace OrleansPaas.Tests.Build;

/// <summary>A build of a commit that came in no push (a rebuild) first brings the node's repository up to the stored one.</summary>
public sealed class NodeBuildsRefreshTests
{
    [Fact]
    public async Task Build_OfAStoredCommit_RefreshesTheRepositoryFirst_OfAPush_DoesNot()
    {
        var refresh = new RecordingRefresh();
        var builder = new FakeImageBuilder();
        var builds = new NodeBuilds(builder, [refresh], Options.Create(new PaasOptions()), NullLogger<NodeBuilds>.Instance);
        var stored = new string('a', 40);
        var pushed = new string('b', 40);
        builder.Finish(stored);
        builder.Finish(pushed);

        var rebuilt = await LastAsync(builds.BuildAsync(new NodeBuildRequest("blog", 1, new BuildSource(stored, null, "refs/heads/main"), new Dictionary<string, string>())));
        Assert.Equal(["blog"], refresh.Apps);
        var built = await LastAsync(builds.BuildAsync(new NodeBuildRequest("blog", 2, new BuildSource(pushed, "tmp_objdir-incoming-abc123", "refs/heads/main"), new Dictionary<string, string>())));

        Assert.True(rebuilt.Build!.Succeeded && built.Build!.Succeeded);
        Assert.Equal(["blog"], refresh.Apps);
    }

    private static async Task<NodeWorkEvent> LastAsync(IAsyncEnumerable<NodeWorkEvent> events)
    {
        NodeWorkEvent? last = null;
        await foreach (var item in events)
        {
            last = item;
        }

        return last!;
    }

    private sealed class RecordingRefresh : IRepositoryRefresh
    {
        public List<string> Apps { get; } = [];

        public Task RefreshAsync(AppName app, CancellationToken cancellationToken)
        {
            lock (Apps)
            {
                Apps.Add(app.Value);
            }

            return Task.CompletedTask;
        }
    }
}
