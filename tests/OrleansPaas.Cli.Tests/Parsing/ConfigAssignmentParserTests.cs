using OrleansPaas.Cli.Parsing;

namespace OrleansPaas.Cli.Tests.Parsing;

public class ConfigAssignmentParserTests
{
    [Fact]
    public void Parse_ValueContainsEquals_SplitsAtFirstEquals()
    {
        var vars = ConfigAssignmentParser.Parse(["DATABASE_URL=postgres://u:p@h/db?sslmode=require&a=b"]);

        Assert.Equal("postgres://u:p@h/db?sslmode=require&a=b", vars["DATABASE_URL"]);
    }

    [Fact]
    public void Parse_ValueWithSpacesQuotesAndNewLines_KeptVerbatim()
    {
        const string value = " two  words \"quoted\" 'single'\nsecond line\n";

        var vars = ConfigAssignmentParser.Parse(["MOTD=" + value]);

        Assert.Equal(value, vars["MOTD"]);
    }

    [Fact]
    public void Parse_EmptyValue_IsAnEmptyString()
    {
        Assert.Equal("", ConfigAssignmentParser.Parse(["EMPTY="])["EMPTY"]);
    }

    [Fact]
    public void Parse_SeveralPairsAndRepeatedKey_LastAssignmentWins()
    {
        var vars = ConfigAssignmentParser.Parse(["A=1", "B=2", "A=3"]);

        Assert.Equal(["A", "B"], vars.Keys);
        Assert.Equal("3", vars["A"]);
    }

    [Theory]
    [InlineData("NOEQUALS", "'NOEQUALS' is not KEY=VALUE")]
    [InlineData("=value", "'=value' has no key before '='")]
    public void Parse_MalformedPair_ThrowsOneLineMessage(string pair, string message)
    {
        var e = Assert.Throws<CliException>(() => ConfigAssignmentParser.Parse(["OK=1", pair]));

        Assert.Equal(message, e.Message);
    }
}
