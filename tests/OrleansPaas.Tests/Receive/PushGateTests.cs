using OrleansPaas.Builds;
using OrleansPaas.Grains.Receive;

namespace OrleansPaas.Tests.Receive;

public sealed class PushGateTests
{
    private const string Main = "refs/heads/main";
    private static readonly string Zero = new('0', 40);
    private static readonly string P = new('a', 40);
    private static readonly string A = new('b', 40);
    private static readonly string B = new('c', 40);
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    private static BuildSource Push(string old, string @new, string? repository) => new(@new, null, Main, "node", old, repository);

    [Fact]
    public void Refusal_FirstPushOfANewApp_IsAccepted()
    {
        Assert.Null(new PushGate().Refusal(Push(Zero, A, repository: null), Now));
    }

    [Fact]
    public void Refusal_BuildThatIsNotAPush_AlwaysPasses()
    {
        var gate = new PushGate();
        gate.Claim(1, Push(P, A, P));
        Assert.Null(gate.Refusal(new BuildSource(B, null, Main), Now));
    }

    [Fact]
    public void Refusal_OldCommitIsNotWhereTheRepositoryHasTheBranch_NamesBoth()
    {
        var refusal = new PushGate().Refusal(Push(P, B, repository: A), Now);
        Assert.Contains("main is at bbbbbbb, not at aaaaaaa", refusal);
        Assert.Contains("fetch", refusal);
    }

    [Fact]
    public void Refusal_WhileAnotherPushDeploys_RefusesEvenFromTheSameParent()
    {
        var gate = new PushGate();
        gate.Claim(1, Push(P, A, P));

        var refusal = gate.Refusal(Push(P, B, P), Now);

        Assert.Contains("another push (bbbbbbb) is deploying", refusal);
    }

    [Fact]
    public void PushEnded_Published_LaterPushMustStartFromTheNewHead_EvenThroughAStaleNode()
    {
        var gate = new PushGate();
        gate.Claim(1, Push(P, A, P));
        gate.BuildEnded(1, deployed: true, Now);
        gate.PushEnded(1, published: true);

        // A node whose copy still says P: the gate knows better.
        Assert.NotNull(gate.Refusal(Push(P, B, repository: P), Now));
        Assert.Null(gate.Refusal(Push(A, B, repository: P), Now));
    }

    [Fact]
    public void BuildEnded_Failed_FreesTheBranchWhereItWas()
    {
        var gate = new PushGate();
        gate.Claim(1, Push(P, A, P));
        gate.BuildEnded(1, deployed: false, Now);

        Assert.Null(gate.Refusal(Push(P, B, P), Now));
    }

    [Fact]
    public void PushEnded_NotPublished_BranchStaysAtTheOldCommit()
    {
        var gate = new PushGate();
        gate.Claim(1, Push(P, A, P));
        gate.BuildEnded(1, deployed: true, Now);
        gate.PushEnded(1, published: false);

        Assert.Null(gate.Refusal(Push(P, A, P), Now));
    }

    [Fact]
    public void Refusal_DeployedPushWhoseHookNeverAnswers_StopsBlockingAfterTheLimit()
    {
        var gate = new PushGate();
        gate.Claim(1, Push(P, A, P));
        gate.BuildEnded(1, deployed: true, Now);

        Assert.NotNull(gate.Refusal(Push(P, B, P), Now + PushGate.UnconfirmedClaimLasts));
        Assert.Null(gate.Refusal(Push(P, B, P), Now + PushGate.UnconfirmedClaimLasts + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void PushEnded_OfAnotherBuild_ChangesNothing()
    {
        var gate = new PushGate();
        gate.Claim(2, Push(P, A, P));
        gate.PushEnded(1, published: true);
        gate.BuildEnded(1, deployed: false, Now);

        Assert.NotNull(gate.Refusal(Push(P, B, P), Now));
    }
}
