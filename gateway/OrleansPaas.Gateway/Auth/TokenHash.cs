using System.Security.Cryptography;
using System.Text;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// Named tokens: 256 random bits, shown once, kept only as their SHA-256. A slow password hash is not
/// needed: nobody can guess 256 random bits, with or without the hash.
/// </summary>
public static class TokenHash
{
    /// <summary>A prefix that says what the string is (and lets secret scanners find a leaked one).</summary>
    public const string Prefix = "paas_";

    public static string NewToken() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Of(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
