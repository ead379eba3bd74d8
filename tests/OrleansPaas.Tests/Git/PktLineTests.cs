using System.Text;
using OrleansPaas.Gateway.Git;

namespace OrleansPaas.Tests.Git;

public sealed class PktLineTests
{
    [Theory]
    [InlineData("# service=git-upload-pack\n", "001e# service=git-upload-pack\n")]
    [InlineData("# service=git-receive-pack\n", "001f# service=git-receive-pack\n")]
    [InlineData("a\n", "0006a\n")]
    [InlineData("", "0004")]
    public void Encode_Payload_PrefixesHexLengthIncludingItself(string payload, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(PktLine.Encode(payload)));
    }

    [Fact]
    public void Encode_MultiByteCharacters_CountsBytesNotCharacters()
    {
        // "é" is two bytes in UTF-8: 4 + 2 + 1 = 7.
        Assert.Equal("0007é\n", Encoding.UTF8.GetString(PktLine.Encode("é\n")));
    }

    [Fact]
    public void Encode_MaximumPayload_UsesFfffAndLargerThrows()
    {
        var packet = PktLine.Encode(new byte[PktLine.MaxPayload]);
        Assert.Equal("fff0", Encoding.ASCII.GetString(packet, 0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => PktLine.Encode(new byte[PktLine.MaxPayload + 1]));
    }

    [Fact]
    public void Flush_IsFourZeros()
    {
        Assert.Equal("0000", Encoding.ASCII.GetString(PktLine.Flush));
    }

    [Fact]
    public void Error_IsAnErrPacket()
    {
        Assert.Equal("0014ERR no such app\n", Encoding.UTF8.GetString(PktLine.Error("no such app")));
    }
}
