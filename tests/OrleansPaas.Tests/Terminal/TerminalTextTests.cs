using OrleansPaas.Gateway.Api;
using OrleansPaas.Gateway.Terminal;
using OrleansPaas.Nodes;

namespace OrleansPaas.Tests.Terminal;

/// <summary>App and build output reaches terminals with its control characters made visible.</summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text, tabs\tand newlines\n", "plain text, tabs\tand newlines\n")]
    [InlineData("\u001b[31mred\u001b[0m", "^[[31mred^[[0m")]
    [InlineData("\u001b]0;title\u0007", "^[]0;title^G")]
    [InlineData("overwrite\rremote: fake", "overwrite^Mremote: fake")]
    [InlineData("nul\0 del\u007f", "nul^@ del^?")]
    [InlineData("csi\u009b2J", "csi\\x9b2J")]
    [InlineData("ünïcödé ✓", "ünïcödé ✓")]
    public void Neutralise_ControlCharacters_BecomeVisible(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Neutralise(text));

    [Fact]
    public void LogsText_AppsEscapeSequence_IsNotPassedRaw()
    {
        var line = ClusterLogs.Format(new LogLine("web.1", false, "\u001b[2Jcleared", Release: 3));

        Assert.Equal("web.1 v3 | ^[[2Jcleared", line);
    }
}
