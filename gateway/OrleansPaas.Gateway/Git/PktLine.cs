using System.Text;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Git's pkt-line framing: four hex digits giving the length of the line including themselves,
/// then the payload; <c>0000</c> is a flush packet.
/// </summary>
public static class PktLine
{
    public const int MaxPayload = 65516;
    public static ReadOnlySpan<byte> Flush => "0000"u8;

    public static byte[] Encode(string payload) => Encode(Encoding.UTF8.GetBytes(payload));

    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), $"a pkt-line carries at most {MaxPayload} bytes");
        }

        var packet = new byte[payload.Length + 4];
        Encoding.ASCII.GetBytes((payload.Length + 4).ToString("x4"), packet);
        payload.CopyTo(packet.AsSpan(4));
        return packet;
    }

    /// <summary>An <c>ERR</c> packet: git prints it as <c>remote error: …</c> and stops.</summary>
    public static byte[] Error(string message) => Encode($"ERR {message}\n");
}
