using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Tests.Build;

/// <summary>Job logs are kept in the order they were opened, whatever their ids (a move's id is chosen by its caller).</summary>
public sealed class JobLogsTests
{
    [Fact]
    public async Task Open_IdsThatShrink_KeepsTheLastOpened_DropsTheFirstOpened()
    {
        var logs = new JobLogs(keep: 3);
        foreach (var id in new[] { 50, 40, 30, 20, 10 })
        {
            logs.Open(id).Write($"job {id}");
        }

        Assert.Equal(["job 10"], (await logs.ReadAsync(10, 0, TimeSpan.Zero, CancellationToken.None)).Lines);
        Assert.Equal(["job 30"], (await logs.ReadAsync(30, 0, TimeSpan.Zero, CancellationToken.None)).Lines);
        Assert.Equal(BuildOutcome.Unknown, (await logs.ReadAsync(40, 0, TimeSpan.Zero, CancellationToken.None)).Outcome);
        Assert.Equal(BuildOutcome.Unknown, (await logs.ReadAsync(50, 0, TimeSpan.Zero, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Open_AnIdAgain_ReplacesItsLog_CountsItOnce()
    {
        var logs = new JobLogs(keep: 2);
        logs.Open(1).Write("first");
        logs.Open(2).Write("second");
        logs.Open(1).Write("first again");

        Assert.Equal(["first again"], (await logs.ReadAsync(1, 0, TimeSpan.Zero, CancellationToken.None)).Lines);
        Assert.Equal(["second"], (await logs.ReadAsync(2, 0, TimeSpan.Zero, CancellationToken.None)).Lines);
    }
}
