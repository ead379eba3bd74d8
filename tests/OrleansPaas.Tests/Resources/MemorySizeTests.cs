using OrleansPaas.Resources;

namespace OrleansPaas.Tests.Resources;

public class MemorySizeTests
{
    [Theory]
    [InlineData("256m", 256L << 20)]
    [InlineData("256M", 256L << 20)]
    [InlineData("256mb", 256L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1G", 1L << 30)]
    [InlineData("65536k", 64L << 20)]
    [InlineData("256", 256L << 20)]
    [InlineData("16m", 16L << 20)]
    [InlineData("33554432b", 32L << 20)]
    public void TryParse_Size_GivesBytes(string text, long expected)
    {
        Assert.Null(MemorySize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("15m")]
    [InlineData("16k")]
    [InlineData("0")]
    [InlineData("-256m")]
    [InlineData("0.5g")]
    [InlineData("256x")]
    [InlineData("1t")]
    [InlineData("9999999999999g")]
    [InlineData("b")]
    public void TryParse_NotASizeOrTooSmall_SaysWhyInOneLine(string text)
    {
        var problem = MemorySize.TryParse(text, out _);

        Assert.NotNull(problem);
        Assert.StartsWith("--memory ", problem);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData(256L << 20, "256m")]
    [InlineData(1L << 30, "1g")]
    [InlineData(1536L << 10, "1536k")]
    [InlineData(1000L, "1000b")]
    public void Format_WritesTheShortestExactUnit(long bytes, string expected) => Assert.Equal(expected, MemorySize.Format(bytes));
}
