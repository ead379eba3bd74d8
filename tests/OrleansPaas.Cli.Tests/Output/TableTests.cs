using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Tests.Output;

public class TableTests
{
    [Fact]
    public void Format_CellsOfDifferentWidths_AlignsColumnsTwoSpacesApart()
    {
        var lines = Table.Format(["NAME", "STATUS", "URL"], [["blog", "running", "http://blog.localhost"], ["www.somekindasite.com", "stopped", "http://x"]]);

        Assert.Equal(
            [
                "NAME                   STATUS   URL",
                "blog                   running  http://blog.localhost",
                "www.somekindasite.com  stopped  http://x",
            ],
            lines);
    }

    [Fact]
    public void Format_EmptyLastCellAndShortRow_LeavesNoTrailingSpaces()
    {
        var lines = Table.Format(["", "VERSION", "WHEN"], [["*", "v2", ""], ["", "v1"]]);

        Assert.Equal(["   VERSION  WHEN", "*  v2", "   v1"], lines);
    }

    [Fact]
    public void Format_CellWithNewLineOrTab_IsKeptOnOneLine()
    {
        var lines = Table.Format(["A", "B"], [["x\ny", "z\tw"]]);

        Assert.Equal("x y  z w", lines[1]);
    }

    [Fact]
    public void KeyValues_MultiLineValue_ContinuesUnderTheValueColumn()
    {
        var writer = new StringWriter { NewLine = "\n" };

        writer.KeyValues([("A", "1"), ("LONGER", "first\nsecond")], indent: "");

        Assert.Equal("A:       1\nLONGER:  first\n         second\n", writer.ToString());
    }

    [Theory]
    [InlineData(30, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(5 * 60, "5 minutes ago")]
    [InlineData(3 * 3600, "3 hours ago")]
    [InlineData(2 * 86400, "2 days ago")]
    public void RelativeTimeFormat_RecentTime_SaysHowLongAgo(int secondsAgo, string expected)
    {
        var now = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, RelativeTime.Format(now.AddSeconds(-secondsAgo), now));
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(12_345_678, "11.8 MiB")]
    public void ByteSizeFormat_Bytes_UsesBinaryUnits(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }
}
