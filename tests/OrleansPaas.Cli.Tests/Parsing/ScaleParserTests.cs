using OrleansPaas.Cli.Parsing;

namespace OrleansPaas.Cli.Tests.Parsing;

public class ScaleParserTests
{
    [Fact]
    public void Parse_ValidPairs_ReturnsCountsInOrder()
    {
        var formation = ScaleParser.Parse(["web=3", "worker=0"]);

        Assert.Equal([new("web", 3), new("worker", 0)], formation.ToList<KeyValuePair<string, int>>());
    }

    [Fact]
    public void Parse_NegativeCount_IsLeftForTheServerToJudge()
    {
        Assert.Equal(-1, ScaleParser.Parse(["web=-1"])["web"]);
    }

    [Theory]
    [InlineData("web", "'web' is not TYPE=COUNT, e.g. web=2")]
    [InlineData("=2", "'=2' has no process type before '='")]
    [InlineData("web=two", "'web=two': the count 'two' is not a whole number")]
    [InlineData("web=", "'web=': the count '' is not a whole number")]
    [InlineData("web=1.5", "'web=1.5': the count '1.5' is not a whole number")]
    [InlineData("web=99999999999", "'web=99999999999': the count '99999999999' is not a whole number")]
    public void Parse_MalformedPair_ThrowsOneLineMessage(string pair, string message)
    {
        var e = Assert.Throws<CliException>(() => ScaleParser.Parse([pair]));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Parse_TypeGivenTwice_Throws()
    {
        var e = Assert.Throws<CliException>(() => ScaleParser.Parse(["web=1", "web=2"]));

        Assert.Equal("process type 'web' is given twice", e.Message);
    }
}
