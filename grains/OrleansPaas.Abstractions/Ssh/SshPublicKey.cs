using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Security.Cryptography;

namespace OrleansPaas.Ssh;

/// <summary>
/// An OpenSSH public key line (<c>ssh-ed25519 AAAA… comment</c>) that passed the platform's rules:
/// Ed25519, ECDSA (nistp256/384/521) or RSA of at least 2048 bits. The key's own bytes are read,
/// not only its type label, so a line that claims one type and carries another is refused.
/// </summary>
public sealed record SshPublicKey(string Type, string Base64, string Fingerprint, int Bits)
{
    public const int MinimumRsaBits = 2048;

    private static readonly Dictionary<string, (string Curve, int PointLength, int Bits)> Curves = new(StringComparer.Ordinal)
    {
        ["ecdsa-sha2-nistp256"] = ("nistp256", 65, 256),
        ["ecdsa-sha2-nistp384"] = ("nistp384", 97, 384),
        ["ecdsa-sha2-nistp521"] = ("nistp521", 133, 521),
    };

    /// <summary>The line sshd's AuthorizedKeysCommand prints after the options: type and key, no comment.</summary>
    public string AuthorizedKeysEntry => $"{Type} {Base64}";

    public static bool TryParse(string? line, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        var parts = (line ?? "").Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '@' or '.'))
        {
            error = "the key is not an OpenSSH public key line (such as 'ssh-ed25519 AAAA… you@laptop', the contents of ~/.ssh/id_ed25519.pub)";
            return false;
        }

        var type = parts[0];
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            error = "the key's second field is not base64; paste the whole line of the .pub file";
            return false;
        }

        error = Check(type, blob, out var bits);
        if (error is not null)
        {
            return false;
        }

        var fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
        key = new SshPublicKey(type, Convert.ToBase64String(blob), fingerprint, bits);
        return true;
    }

    private static string? Check(string type, byte[] blob, out int bits)
    {
        bits = 0;
        var reader = new WireReader(blob);
        if (!reader.TryReadString(out var inner) || System.Text.Encoding.ASCII.GetString(inner) != type)
        {
            return $"the key's bytes do not hold a '{Printable(type)}' key; paste the whole line of the .pub file";
        }

        switch (type)
        {
            case "ssh-ed25519":
                if (!reader.TryReadString(out var point) || point.Length != 32 || !reader.AtEnd)
                {
                    return "the Ed25519 key is malformed";
                }

                bits = 256;
                return null;
            case "ssh-rsa":
                if (!reader.TryReadString(out _) || !reader.TryReadString(out var modulus) || !reader.AtEnd)
                {
                    return "the RSA key is malformed";
                }

                bits = (int)new BigInteger(modulus, isUnsigned: true, isBigEndian: true).GetBitLength();
                return bits >= MinimumRsaBits ? null : $"the RSA key has {bits} bits; at least {MinimumRsaBits} are needed (or use an Ed25519 key)";
            default:
                if (Curves.TryGetValue(type, out var curve))
                {
                    if (!reader.TryReadString(out var name) || System.Text.Encoding.ASCII.GetString(name) != curve.Curve
                        || !reader.TryReadString(out var q) || q.Length != curve.PointLength || q[0] != 4 || !reader.AtEnd)
                    {
                        return "the ECDSA key is malformed";
                    }

                    bits = curve.Bits;
                    return null;
                }

                return $"'{Printable(type)}' keys are refused: add an Ed25519, ECDSA or RSA (at least {MinimumRsaBits} bits) key";
        }
    }

    private static string Printable(string text) =>
        new(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    /// <summary>The SSH wire format's length-prefixed strings (RFC 4251 §5).</summary>
    private sealed class WireReader(byte[] bytes)
    {
        private int _offset;

        public bool AtEnd => _offset == bytes.Length;

        public bool TryReadString(out byte[] value)
        {
            value = [];
            if (bytes.Length - _offset < 4)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(_offset));
            if (length > (uint)(bytes.Length - _offset - 4))
            {
                return false;
            }

            value = bytes.AsSpan(_offset + 4, (int)length).ToArray();
            _offset += 4 + (int)length;
            return true;
        }
    }
}
