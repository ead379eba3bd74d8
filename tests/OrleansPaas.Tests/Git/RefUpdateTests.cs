using OrleansPaas.Gateway.Git;

namespace OrleansPaas.Tests.Git;

public sealed class RefUpdateTests
{
    private const string A = "1111111111111111111111111111111111111111";
    private const string B = "2222222222222222222222222222222222222222";
    private const string Zero = "0000000000000000000000000000000000000000";

    [Fact]
    public void ParseAll_HookInput_ReadsEveryLine()
    {
        var updates = RefUpdate.ParseAll($"{A} {B} refs/heads/main\n{Zero} {A} refs/heads/feature\n");
        Assert.NotNull(updates);
        Assert.Equal(2, updates.Count);
        Assert.True(updates[0].IsDeployBranch);
        Assert.False(updates[1].IsDeployBranch);
    }

    [Theory]
    [InlineData("refs/heads/main", true)]
    [InlineData("refs/heads/master", true)]
    [InlineData("refs/heads/develop", false)]
    [InlineData("refs/tags/v1", false)]
    [InlineData("refs/heads/main2", false)]
    public void IsDeployBranch_OnlyMainOrMaster(string refName, bool expected)
    {
        Assert.Equal(expected, new RefUpdate(A, B, refName).IsDeployBranch);
    }

    [Fact]
    public void IsDeletion_ZeroNewCommit_IsTrue()
    {
        Assert.True(new RefUpdate(A, Zero, "refs/heads/main").IsDeletion);
        Assert.False(new RefUpdate(A, B, "refs/heads/main").IsDeletion);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("1234 5678 refs/heads/main")]
    [InlineData("1111111111111111111111111111111111111111 refs/heads/main")]
    public void ParseAll_Malformed_ReturnsNull(string text)
    {
        Assert.Null(RefUpdate.ParseAll(text));
    }
}
