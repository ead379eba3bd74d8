using OrleansPaas.Cli.Api;

namespace OrleansPaas.Cli.Tests.Api;

public class ProblemMessageTests
{
    [Fact]
    public void From_ProblemWithDetail_ReturnsTheDetail()
    {
        const string body = """{"type":"about:blank","title":"Not Found","status":404,"detail":"app 'x' does not exist"}""";

        Assert.Equal("app 'x' does not exist", ProblemMessage.From(404, "Not Found", body));
    }

    [Fact]
    public void From_Unauthorized_SaysToSetTheToken()
    {
        Assert.Equal(
            "the token was refused; set PAAS_TOKEN to the admin token",
            ProblemMessage.From(401, "Unauthorized", """{"detail":"missing bearer token"}"""));
    }

    [Fact]
    public void From_ProblemWithoutDetail_ListsTheFieldErrors()
    {
        const string body = """{"title":"Bad Request","status":400,"errors":{"web":["count must be >= 0"],"name":["too long"]}}""";

        Assert.Equal("web: count must be >= 0; name: too long", ProblemMessage.From(400, "Bad Request", body));
    }

    [Fact]
    public void From_ProblemWithOnlyTitle_ReturnsTheTitle()
    {
        Assert.Equal("Conflict", ProblemMessage.From(409, "Conflict", """{"title":"Conflict","status":409}"""));
    }

    [Fact]
    public void From_MultiLineDetail_IsJoinedOnOneLine()
    {
        Assert.Equal("first line second line", ProblemMessage.From(400, null, """{"detail":"first line\r\n  second line\n"}"""));
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("{not json")]
    [InlineData("")]
    public void From_BodyNotAProblem_ReportsTheStatus(string body)
    {
        Assert.Equal("OrleansPaas answered 502 Bad Gateway", ProblemMessage.From(502, "Bad Gateway", body));
    }
}
