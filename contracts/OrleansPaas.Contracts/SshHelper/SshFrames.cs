namespace OrleansPaas.Contracts.SshHelper;

/// <summary>
/// What the node sends a forced-command session: frames of <c>[kind][length, 4 bytes big-endian][bytes]</c>,
/// so one socket carries the command's stdout, its stderr and, last, its exit code.
/// The helper's stdin goes the other way as plain bytes, ended by a half-close.
/// </summary>
public static class SshFrames
{
    public const byte Stdout = (byte)'1';
    public const byte Stderr = (byte)'2';
    public const byte Exit = (byte)'x';
    public const int HeaderLength = 5;
    public const int MaxPayload = 64 * 1024;
}
