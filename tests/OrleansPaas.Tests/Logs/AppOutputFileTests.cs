using OrleansPaas.Grains.Logs;

namespace OrleansPaas.Tests.Logs;

/// <summary>An app's kept output on one node: bounded, newest kept, tail and follow without gaps.</summary>
public sealed class AppOutputFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paas-kept-" + Guid.NewGuid().ToString("N"));
    private readonly DateTimeOffset _start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Append_FarMoreThanTheAllowance_KeepsAtMostTheAllowance_AndTheNewestLines()
    {
        const long keep = 64 * 1024;
        var file = new AppOutputFile(_directory, keep);
        for (var i = 0; i < 5_000; i++)
        {
            file.Append([Line(i, $"line {i} " + new string('x', 40))]);
        }

        var kept = Directory.GetFiles(_directory).Sum(f => new FileInfo(f).Length);
        Assert.InRange(kept, keep / 4, keep + 1024);
        Assert.Equal(["line 4997", "line 4998", "line 4999"], file.Tail(3).Select(l => string.Join(' ', l.Text.Split(' ')[..2])));

    }

    [Fact]
    public void ANewProcess_ReadsBackWhatWasKept_ALongerTailThanMemoryHoldsComesFromTheFiles()
    {
        var file = new AppOutputFile(_directory, 8 * 1024 * 1024);
        file.Append(Enumerable.Range(0, AppOutputFile.RecentLines + 500).Select(i => Line(i, $"line {i}")).ToList());

        var again = new AppOutputFile(_directory, 8 * 1024 * 1024);
        var tail = again.Tail(AppOutputFile.RecentLines + 10);
        Assert.Equal(AppOutputFile.RecentLines + 10, tail.Count);
        Assert.Equal($"line {AppOutputFile.RecentLines + 499}", tail[^1].Text);
        Assert.Equal("line 490", tail[0].Text);
        Assert.Equal(_start.AddMilliseconds(AppOutputFile.RecentLines + 499), again.LastAtOf("c1"));
        Assert.Equal(DateTimeOffset.MinValue, again.LastAtOf("never-ran"));
    }

    [Fact]
    public async Task TailAndFollow_LinesOutOfTimeOrder_NoneLostOrRepeated()
    {
        var file = new AppOutputFile(_directory, 1024 * 1024);
        // Two containers' engine streams lag differently: web.2's line is older than web.1's but kept later.
        file.Append([Line(10, "web.1 newer")]);
        file.Append([Line(5, "web.2 older", container: "c2")]);

        var (tail, follow) = file.TailAndFollow(1, capacity: 100);
        Assert.Equal("web.2 older", Assert.Single(tail).Text);
        file.Append([Line(7, "web.2 still older than web.1", container: "c2")]);
        file.Append([Line(11, "after")]);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal("web.2 still older than web.1", (await follow.ReadAsync(timeout.Token)).Text);
        Assert.Equal("after", (await follow.ReadAsync(timeout.Token)).Text);
        Assert.False(follow.TryRead(out _));
        Assert.Equal(_start.AddMilliseconds(7), file.LastAtOf("c2"));
    }

    [Fact]
    public async Task Follow_ReaderAWholeBufferBehind_IsEnded_TheWriterNeverWaits()
    {
        var file = new AppOutputFile(_directory, 1024 * 1024);
        var (_, follow) = file.TailAndFollow(0, capacity: 10);
        for (var i = 0; i < 50; i++)
        {
            file.Append([Line(i, $"line {i}")]);
        }

        var taken = new List<string>();
        var error = await Assert.ThrowsAsync<ReaderTooSlowException>(async () =>
        {
            await foreach (var line in follow.ReadAllAsync())
            {
                taken.Add(line.Text);
            }
        });
        Assert.Equal(10, taken.Count);
        Assert.Contains("fell behind by more than 10 lines", error.Message);
        Assert.Equal("line 49", file.Tail(1).Single().Text);
    }

    [Fact]
    public void KeptLine_RoundTrips_TextWithSpaces_AndSkipsATornLine()
    {
        var line = new KeptLine(_start.AddTicks(1234567), "worker.2", 7, true, "0123456789ab", "  spaced  text | with bar ");
        Assert.Equal(line, KeptLine.Parse(line.Format()));
        Assert.Null(KeptLine.Parse("2026-11-30T12:00:00.0000000Z web.1 1 o"));
        Assert.Null(KeptLine.Parse("not a line at all"));
    }

    [Fact]
    public void EngineLine_WithItsTimestamp_BecomesAKeptLine()
    {
        var line = OutputKeeper.Parse("2026-11-30T20:29:11.123456789Z listening on 5000", "web.1", 3, isError: false, "0123456789abcdef");
        Assert.NotNull(line);
        // The engine's nanoseconds, rounded to .NET's 100 ns ticks.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 20, 29, 11, TimeSpan.Zero).AddTicks(1234568), line.At);
        Assert.Equal(("web.1", 3, "0123456789ab", "listening on 5000"), (line.Instance, line.Release, line.Container, line.Text));
    }

    [Fact]
    public void Remove_AnAppThatNeverRanHere_IsNothingToDo_AndAKeptOnesFolderGoes()
    {
        var paths = new OrleansPaas.Configuration.DataPaths(new OrleansPaas.Configuration.PaasOptions { DataDir = _directory });
        var kept = new KeptOutput(Microsoft.Extensions.Options.Options.Create(new OrleansPaas.Configuration.PaasOptions()), paths);
        kept.Remove(OrleansPaas.Apps.AppName.Parse("never-here"));

        var app = OrleansPaas.Apps.AppName.Parse("was-here");
        kept.For(app).Append([Line(0, "hello")]);
        Assert.Equal(["was-here"], kept.Apps());
        var closed = kept.For(app);
        // A build log an earlier version wrote beside the kept output goes with it.
        File.WriteAllText(Path.Combine(paths.AppLogs(app), "build-1.log"), "-----> Building was-here\n");
        kept.Remove(app);
        Assert.Empty(kept.Apps());
        Assert.False(Directory.Exists(paths.AppLogs(app)));
        // A keeper still holding the destroyed app's file writes nothing more (no file comes back).
        closed.Append([Line(1, "late")]);
        Assert.Empty(kept.Apps());
    }

    private KeptLine Line(int i, string text, string container = "c1") => new(_start.AddMilliseconds(i), "web.1", 1, false, container, text);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
