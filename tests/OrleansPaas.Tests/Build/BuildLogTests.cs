using OrleansPaas.Grains.Build;

namespace OrleansPaas.Tests.Build;

public sealed class BuildLogTests
{
    [Fact]
    public async Task Write_MoreLinesThanMemoryKeeps_ReaderFromTheStartGetsANoteThenTheRest_FileHasEverything()
    {
        var file = Path.Combine(Path.GetTempPath(), $"build-log-{Guid.NewGuid():N}.log");
        var total = BuildLog.MaxLinesInMemory * 3;
        using (var log = new BuildLog(1, file))
        {
            for (var i = 0; i < total; i++)
            {
                log.Detail($"line {i}");
            }

            Assert.Equal(total, log.LineCount);
            Assert.True(log.Lines().Count <= BuildLog.MaxLinesInMemory + BuildLog.MaxLinesInMemory / 10);

            var fromStart = await log.ReadAsync(0, TimeSpan.Zero);
            Assert.Contains("not kept in memory", fromStart.Lines[0]);
            Assert.EndsWith($"line {total - 1}", fromStart.Lines[^1]);
            Assert.Equal(total, fromStart.NextLine);

            var tail = await log.ReadAsync(total - 3, TimeSpan.Zero);
            Assert.Equal([$"       line {total - 3}", $"       line {total - 2}", $"       line {total - 1}"], tail.Lines);
        }

        Assert.Equal(total, File.ReadLines(file).Count());
        File.Delete(file);
    }

    [Fact]
    public async Task Write_EndlessLine_IsCut()
    {
        using var log = new BuildLog(1, filePath: null);

        log.Write(new string('x', 1_000_000));

        var line = Assert.Single((await log.ReadAsync(0, TimeSpan.Zero)).Lines);
        Assert.True(line.Length < BuildLog.MaxLineLength + 20);
        Assert.EndsWith("…(line cut)", line);
    }
}
