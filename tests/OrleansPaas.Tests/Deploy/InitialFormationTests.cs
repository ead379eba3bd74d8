using OrleansPaas.Apps;
using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Tests.Deploy;

/// <summary>app.json's formation: the first deploy's scale only; later, ps:scale's counts stay.</summary>
public sealed class InitialFormationTests
{
    private static readonly Dictionary<string, int> Current = new() { ["web"] = 1 };
    private static readonly Dictionary<string, string> Types = new() { ["web"] = "serve", ["worker"] = "work", ["release"] = "migrate" };

    private static AppJsonSettings Wanting(params (string Type, int Count)[] counts) =>
        AppJsonSettings.None with { Formation = counts.ToDictionary(c => c.Type, c => c.Count) };

    [Fact]
    public void For_FirstDeploy_AppJsonCountsAreLaidOverTheFormation()
    {
        var (formation, problem) = InitialFormation.For(firstDeploy: true, Current, Wanting(("web", 2), ("worker", 1)), Types);

        Assert.Null(problem);
        Assert.Equal(2, formation["web"]);
        Assert.Equal(1, formation["worker"]);
    }

    [Fact]
    public void For_LaterDeploy_TheFormationStays()
    {
        var (formation, problem) = InitialFormation.For(firstDeploy: false, Current, Wanting(("web", 3)), Types);

        Assert.Null(problem);
        Assert.Same(Current, formation);
    }

    [Fact]
    public void For_AnUndeclaredOrReleaseType_IsRefusedWithASentence()
    {
        Assert.Equal("app.json: formation names process type 'clock', which the Procfile does not declare (it has: web, worker)",
            InitialFormation.For(true, Current, Wanting(("clock", 1)), Types).Problem);
        Assert.NotNull(InitialFormation.For(true, Current, Wanting(("release", 1)), Types).Problem);
        // Without a Procfile the image's command is web.
        Assert.Null(InitialFormation.For(true, Current, Wanting(("web", 2)), new Dictionary<string, string>()).Problem);
    }
}
