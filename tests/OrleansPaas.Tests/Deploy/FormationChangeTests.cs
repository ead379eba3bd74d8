using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Tests.Deploy;

/// <summary>ps:scale requests without a grain: what is refused, the formation after, the release's description.</summary>
public sealed class FormationChangeTests
{
    private static readonly AppName App = AppName.Parse("blog");

    private static ReleaseRecord Release(params string[] processTypes) =>
        new(1, "paas/blog:v1", "abc", 5000, DateTimeOffset.UnixEpoch, ReleaseStatus.Deployed, "Deploy",
            new Dictionary<string, string>(), processTypes.ToDictionary(p => p, _ => "run"), ReleaseKind.Image, [],
            new Dictionary<string, int>());

    [Fact]
    public void Refusal_KnownTypesWithinRange_IsNull()
    {
        Assert.Null(new FormationChange(new Dictionary<string, int> { ["web"] = 0, ["worker"] = 100 }).Refusal(App, Release("web", "worker")));
    }

    [Fact]
    public void Refusal_UnknownType_NamesTheTypesTheReleaseHas_WithoutTheReleasePhase()
    {
        var refusal = new FormationChange(new Dictionary<string, int> { ["clock"] = 1 }).Refusal(App, Release("worker", "web", "release"));

        Assert.Equal(AppCommandResult.Invalid("clock", "unknown process type 'clock'; blog has: web, worker"), refusal);
    }

    [Fact]
    public void Refusal_ReleaseWithoutScalableTypes_SaysNone()
    {
        var refusal = new FormationChange(new Dictionary<string, int> { ["web"] = 1 }).Refusal(App, Release("release"));

        Assert.Equal("unknown process type 'web'; blog has: none", refusal?.Error);
    }

    [Fact]
    public void Refusal_BeforeTheFirstDeploy_KnowsOnlyWeb()
    {
        Assert.Null(new FormationChange(new Dictionary<string, int> { ["web"] = 3 }).Refusal(App, current: null));
        Assert.Equal("unknown process type 'worker'; blog has: web",
            new FormationChange(new Dictionary<string, int> { ["worker"] = 1 }).Refusal(App, current: null)?.Error);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Refusal_CountOutOfRange_NamesTheTypeAndTheCount(int count)
    {
        var refusal = new FormationChange(new Dictionary<string, int> { ["web"] = count }).Refusal(App, Release("web"));

        Assert.Equal(AppCommandResult.Invalid("web", $"scale for 'web' must be between 0 and 100, not {count}"), refusal);
    }

    [Fact]
    public void AppliedTo_ReplacesTheNamedCounts_AndKeepsTheOthers()
    {
        var formation = new Dictionary<string, int> { ["web"] = 2, ["worker"] = 1 };

        var wanted = new FormationChange(new Dictionary<string, int> { ["worker"] = 3, ["clock"] = 1 }).AppliedTo(formation);

        Assert.Equal(new Dictionary<string, int> { ["web"] = 2, ["worker"] = 3, ["clock"] = 1 }, wanted);
        Assert.Equal(1, formation["worker"]);
    }

    [Fact]
    public void Description_ListsTheRequestedCountsInOrder()
    {
        Assert.Equal("Scale web=2 worker=0", new FormationChange(new Dictionary<string, int> { ["web"] = 2, ["worker"] = 0 }).Description);
    }
}
