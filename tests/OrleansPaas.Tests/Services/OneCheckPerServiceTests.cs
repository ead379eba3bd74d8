using OrleansPaas.Grains.Services;

namespace OrleansPaas.Tests.Services;

public sealed class OneCheckPerServiceTests
{
    [Fact]
    public async Task Run_OneServiceStuck_TheOthersAreCheckedEveryPass_TheStuckOneNotAgainUntilItEnds()
    {
        var checks = new OneCheckPerService();
        var stuck = new TaskCompletionSource();
        var calls = new List<string>();
        Task Check(string name)
        {
            calls.Add(name);
            return name == "db" ? stuck.Task : Task.CompletedTask;
        }

        var first = await checks.RunAsync(["db", "cache"], Check, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var second = await checks.RunAsync(["db", "cache"], Check, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.Equal(["db", "cache"], first);
        Assert.Equal(["cache"], second);

        stuck.SetResult();
        var third = await checks.RunAsync(["db", "cache"], Check, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.Equal(["db", "cache"], third);
        Assert.Equal(["db", "cache", "cache", "db", "cache"], calls);
    }

    [Fact]
    public async Task Run_AServiceGoneWhileItsCheckWasStuck_IsCheckedAtOnceWhenItComesBack()
    {
        var checks = new OneCheckPerService();
        var never = new TaskCompletionSource();
        await checks.RunAsync(["db"], _ => never.Task, TimeSpan.FromMilliseconds(20), CancellationToken.None);
        await checks.RunAsync([], _ => Task.CompletedTask, TimeSpan.FromMilliseconds(20), CancellationToken.None);
        Assert.Equal(["db"], await checks.RunAsync(["db"], _ => Task.CompletedTask, TimeSpan.FromMilliseconds(20), CancellationToken.None));
    }
}
