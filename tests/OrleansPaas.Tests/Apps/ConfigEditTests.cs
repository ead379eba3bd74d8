using OrleansPaas.Apps;
using OrleansPaas.Grains.Apps;

namespace OrleansPaas.Tests.Apps;

/// <summary>config:set / config:unset without a grain: which keys are refused, the merged config, the release's description.</summary>
public sealed class ConfigEditTests
{
    private static ConfigEdit Edit(Dictionary<string, string>? set = null, List<string>? unset = null) =>
        new(new ConfigChange(set ?? new Dictionary<string, string>(), unset ?? new List<string>(), Restart: true));

    [Fact]
    public void Refusal_ValidKeys_IsNull()
    {
        Assert.Null(Edit(new() { ["GREETING"] = "hi", ["_X1"] = "" }, ["OLD"]).Refusal());
    }

    [Theory]
    [InlineData("1ABC")]
    [InlineData("A-B")]
    [InlineData("")]
    public void Refusal_InvalidSetKey_NamesIt(string key)
    {
        var refusal = Edit(new() { ["GOOD"] = "1", [key] = "x" }).Refusal();

        Assert.Equal(AppCommandStatus.Invalid, refusal?.Status);
        Assert.Equal(key, refusal!.Field);
        Assert.Equal(EnvironmentKey.Validate(key), refusal.Error);
    }

    [Fact]
    public void Refusal_InvalidUnsetKey_NamesIt()
    {
        Assert.Equal("A B", Edit(unset: ["A B"]).Refusal()?.Field);
    }

    [Fact]
    public void Refusal_SettingPort_SaysThePlatformSetsIt()
    {
        var refusal = Edit(new() { ["PORT"] = "80" }).Refusal();

        Assert.Equal(AppCommandResult.Invalid("PORT", "PORT is set by the platform; use EXPOSE in the Dockerfile to choose it"), refusal);
    }

    [Fact]
    public void Refusal_BadKeyAndPort_ReportsTheBadKeyFirst()
    {
        Assert.Equal("1X", Edit(new() { ["PORT"] = "80", ["1X"] = "y" }).Refusal()?.Field);
    }

    [Fact]
    public void AppliedTo_SetsAndUnsets_LeavingTheOriginalAsItWas()
    {
        var config = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" };

        var changed = Edit(new() { ["A"] = "one", ["C"] = "3" }, ["B", "MISSING"]).AppliedTo(config);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "one", ["C"] = "3" }, changed);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" }, config);
    }

    [Theory]
    [InlineData("A", "", "Set A config var")]
    [InlineData("A,B", "", "Set A, B config vars")]
    [InlineData("", "C", "Unset C config var")]
    [InlineData("A", "C,D", "Set A config var; Unset C, D config vars")]
    [InlineData("", "", "Restart with the same config")]
    public void Description_NamesWhatChanged(string set, string unset, string expected)
    {
        var edit = Edit(set.Split(',', StringSplitOptions.RemoveEmptyEntries).ToDictionary(k => k, _ => "v"),
            unset.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList());

        Assert.Equal(expected, edit.Description);
    }
}
