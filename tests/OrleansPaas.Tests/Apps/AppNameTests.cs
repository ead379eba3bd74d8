using OrleansPaas.Apps;

namespace OrleansPaas.Tests.Apps;

public sealed class AppNameTests
{
    [Theory]
    [InlineData("blog")]
    [InlineData("www")]
    [InlineData("a")]
    [InlineData("9lives")]
    [InlineData("my-app-2")]
    [InlineData("www.somekindasite.com")]
    [InlineData("somekindasite.com")]
    [InlineData("cafe")]
    [InlineData("0")]
    public void TryParse_ValidName_Accepts(string candidate)
    {
        Assert.True(AppName.TryParse(candidate, out var name, out var error), error);
        Assert.Equal(candidate, name.Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(null, "empty")]
    [InlineData("Blog", "'B'")]
    [InlineData("BLOG", "'B'")]
    [InlineData("-blog", "starts or ends with '-'")]
    [InlineData("blog-", "starts or ends with '-'")]
    [InlineData("a.-b", "starts or ends with '-'")]
    [InlineData("..", "empty label")]
    [InlineData("a..b", "empty label")]
    [InlineData(".blog", "empty label")]
    [InlineData("blog.", "empty label")]
    [InlineData("../etc", "'/'")]
    [InlineData("a/b", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("my_app", "'_'")]
    [InlineData("blog;rm -rf /", "';'")]
    [InlineData("$(id)", "'$'")]
    [InlineData("`id`", "'`'")]
    [InlineData("a b", "' '")]
    [InlineData("a|b", "'|'")]
    [InlineData("a&b", "'&'")]
    [InlineData("bl\nog", "'?'")]
    [InlineData("bløg", "'ø'")]
    [InlineData("0cafe", "leading zero")]
    public void TryParse_InvalidName_RefusesWithReason(string? candidate, string reasonPart)
    {
        Assert.False(AppName.TryParse(candidate, out _, out var error));
        Assert.Contains(reasonPart, error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void TryParse_LabelOf63_AcceptsAnd64_Refuses()
    {
        Assert.True(AppName.TryParse(new string('a', 63), out _, out _));
        Assert.False(AppName.TryParse(new string('a', 64), out _, out var error));
        Assert.Contains("at most 63", error);
    }

    [Fact]
    public void TryParse_WholeOf253_AcceptsAnd254_Refuses()
    {
        var label = new string('a', 63);
        var name253 = string.Join('.', label, label, label, new string('b', 253 - 3 * 64));
        Assert.Equal(253, name253.Length);
        Assert.True(AppName.TryParse(name253, out _, out var error), error);

        Assert.False(AppName.TryParse(name253 + "c", out _, out error));
        Assert.Contains("at most 253", error);
    }

    [Theory]
    [InlineData("blog", "example.com", "blog.example.com")]
    [InlineData("www", "example.com", "www.example.com")]
    [InlineData("www.somekindasite.com", "example.com", "www.somekindasite.com")]
    [InlineData("somekindasite.com", "example.com", "somekindasite.com")]
    [InlineData("blog", "Example.COM.", "blog.example.com")]
    [InlineData("blog", "localhost", "blog.localhost")]
    public void VirtualHost_SeedTable_MapsToHost(string app, string domain, string expected)
    {
        Assert.Equal(expected, AppName.Parse(app).VirtualHost(domain));
    }
}
