using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Tests.Build;

public sealed class BuildLogTests
{
    [Fact]
    public async Task Write_MoreThanMemoryKeeps_ReaderFromTheStartGetsANoteThenTheRest_TextSaysHowMuchWasCut()
    {
        var log = new BuildLog(1);
        var line = new string('x', 1000);
        var total = BuildLog.MaxCharsInMemory / 1000 * 3;
        for (var i = 0; i < total; i++)
        {
            log.Detail($"{i} {line}");
        }

        Assert.Equal(total, log.LineCount);
        Assert.True(log.Lines().Sum(l => l.Length + 1) <= BuildLog.MaxCharsInMemory * 11L / 10);

        var fromStart = await log.ReadAsync(0, TimeSpan.Zero);
        Assert.Contains("not kept in memory", fromStart.Lines[0]);
        Assert.StartsWith($"       {total - 1} ", fromStart.Lines[^1]);
        Assert.Equal(total, fromStart.NextLine);

        var tail = await log.ReadAsync(total - 2, TimeSpan.Zero);
        Assert.Equal([$"       {total - 2} {line}", $"       {total - 1} {line}"], tail.Lines);

        // Every line is the same length, so what was cut is exactly the lines no longer held.
        var text = log.Text(BuildLog.MaxCharsInMemory);
        var lineChars = ($"       {total - 1} {line}".Length + 1);
        var cut = text[..text.IndexOf('\n')];
        Assert.StartsWith("… the first ", cut);
        Assert.EndsWith(" characters of this output were not kept", cut);
        Assert.True(text.Length - cut.Length - 1 <= BuildLog.MaxCharsInMemory);
        Assert.True(text.Length - cut.Length - 1 > BuildLog.MaxCharsInMemory - lineChars);
        Assert.EndsWith($"       {total - 1} {line}\n", text);
    }

    [Fact]
    public void Text_ShortLog_IsEveryLineWithoutANote()
    {
        var log = new BuildLog(1);
        log.Step("Building blog from Dockerfile");
        log.Error("Build failed");

        Assert.Equal("-----> Building blog from Dockerfile\n !     Build failed\n", log.Text());
    }

    [Fact]
    public void Text_LongerThanAsked_KeepsTheEndAndCountsTheCharactersCut()
    {
        var log = new BuildLog(1);
        log.Write("first");
        log.Write("second");

        // "first\nsecond\n" is 13 characters; the last 7 are kept.
        Assert.Equal("… the first 6 characters of this output were not kept\nsecond\n", log.Text(maxChars: 7));
    }

    [Fact]
    public async Task KeepLast_DropsAllButTheNewestLines_ReadersBehindGetANote()
    {
        var log = new BuildLog(1);
        for (var i = 0; i < 10; i++)
        {
            log.Write($"line {i}");
        }

        log.SetOutcome(BuildOutcome.Succeeded);
        log.KeepLast(3);

        Assert.Equal(["line 7", "line 8", "line 9"], log.Lines());
        Assert.Equal(10, log.LineCount);
        var behind = await log.ReadAsync(5, TimeSpan.Zero);
        Assert.Contains("2 line(s) of output not kept", behind.Lines[0]);
        Assert.Equal(["line 7", "line 8", "line 9"], behind.Lines.Skip(1));
        Assert.Equal((10, BuildOutcome.Succeeded), (behind.NextLine, behind.Outcome));
    }

    [Fact]
    public async Task Write_EndlessLine_IsCut()
    {
        var log = BuildLog.InMemory();

        log.Write(new string('x', 1_000_000));

        var line = Assert.Single((await log.ReadAsync(0, TimeSpan.Zero)).Lines);
        Assert.True(line.Length < BuildLog.MaxLineLength + 20);
        Assert.EndsWith("…(line cut)", line);
    }
}
