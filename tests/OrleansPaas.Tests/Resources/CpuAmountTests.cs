using OrleansPaas.Resources;

namespace OrleansPaas.Tests.Resources;

public class CpuAmountTests
{
    [Theory]
    [InlineData("0.5", 500_000_000L)]
    [InlineData("1", 1_000_000_000L)]
    [InlineData(" 2 ", 2_000_000_000L)]
    [InlineData("0.01", 10_000_000L)]
    [InlineData("1.25", 1_250_000_000L)]
    [InlineData(".5", 500_000_000L)]
    public void TryParse_Cores_GivesNanoCpus(string text, long expected)
    {
        Assert.Null(CpuAmount.TryParse(text, out var nanos));
        Assert.Equal(expected, nanos);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0.001")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("half")]
    [InlineData("1,5")]
    [InlineData("50%")]
    [InlineData("99999999")]
    public void TryParse_NotACpuShare_SaysWhyInOneLine(string text)
    {
        var problem = CpuAmount.TryParse(text, out _);

        Assert.NotNull(problem);
        Assert.StartsWith("--cpu ", problem);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData(500_000_000L, "0.5")]
    [InlineData(1_000_000_000L, "1")]
    [InlineData(1_250_000_000L, "1.25")]
    public void Format_WritesCoresBack(long nanos, string expected) => Assert.Equal(expected, CpuAmount.Format(nanos));
}
