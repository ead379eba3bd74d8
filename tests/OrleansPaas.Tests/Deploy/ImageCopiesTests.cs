using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Tests.Deploy;

/// <summary>When a pass must ask the nodes about an image, and what their answer calls for.</summary>
public sealed class ImageCopiesTests
{
    private const string Image = "paas/blog:v3";

    [Fact]
    public void NeedsLook_NothingKnown_AsksOnce_ThenNotWhileNothingChanges()
    {
        var copies = new ImageCopies();
        string[] live = ["a", "b", "c"];

        Assert.True(copies.NeedsLook(Image, live));
        copies.Saw(Image, ["a", "b"], live);

        Assert.False(copies.NeedsLook(Image, live));
        Assert.False(copies.NeedsLook(Image, ["c", "b", "a"]));
    }

    [Fact]
    public void NeedsLook_AHolderLeft_OrANodeJoined_AsksAgain()
    {
        var copies = new ImageCopies();
        copies.Saw(Image, ["a", "b"], ["a", "b", "c"]);

        Assert.True(copies.NeedsLook(Image, ["b", "c"]));
        Assert.True(copies.NeedsLook(Image, ["a", "b", "c", "d"]));
    }

    [Fact]
    public void NeedsLook_ACopyStillOwed_AsksEveryPass_UntilTheCopyIsMade()
    {
        var copies = new ImageCopies();
        string[] live = ["a", "b"];
        copies.Saw(Image, ["a"], live);

        Assert.True(copies.NeedsLook(Image, live));
        copies.Copied(Image, "b");
        Assert.False(copies.NeedsLook(Image, live));
    }

    [Fact]
    public void NeedsLook_OnNoNodeAndNothingChanged_DoesNotAskAgain_UntilForgotten()
    {
        var copies = new ImageCopies();
        string[] live = ["a", "b"];
        copies.Saw(Image, [], live);

        Assert.False(copies.NeedsLook(Image, live));
        copies.Forget();
        Assert.True(copies.NeedsLook(Image, live));
    }

    [Fact]
    public void NeedsLook_NoLiveNode_NeverAsks() => Assert.False(new ImageCopies().NeedsLook(Image, []));

    [Fact]
    public void KeepOnly_ForgetsImagesNoLongerNeeded()
    {
        var copies = new ImageCopies();
        string[] live = ["a", "b"];
        copies.Saw(Image, ["a", "b"], live);
        copies.Saw("paas/blog:v1", ["a", "b"], live);

        copies.KeepOnly([Image]);

        Assert.False(copies.NeedsLook(Image, live));
        Assert.True(copies.NeedsLook("paas/blog:v1", live));
    }

    [Theory]
    [InlineData(new[] { "a", "b" }, new[] { "a", "b", "c" }, ImageCopyDecision.Nothing)]
    [InlineData(new[] { "a" }, new[] { "a", "b", "c" }, ImageCopyDecision.Copy)]
    [InlineData(new[] { "a", "x" }, new[] { "a", "b" }, ImageCopyDecision.Copy)]
    [InlineData(new[] { "a" }, new[] { "a" }, ImageCopyDecision.Nothing)]
    [InlineData(new string[0], new[] { "a", "b" }, ImageCopyDecision.Rebuild)]
    [InlineData(new[] { "x" }, new[] { "a" }, ImageCopyDecision.Rebuild)]
    [InlineData(new[] { "a" }, new string[0], ImageCopyDecision.Nothing)]
    public void Decide_ByLiveHolders(string[] holders, string[] live, ImageCopyDecision expected) =>
        Assert.Equal(expected, ImageCopies.Decide(holders, live));
}
