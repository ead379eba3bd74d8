using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// The node's admin token: <c>Paas:AdminToken</c> when set, else the one kept in
/// <c>&lt;DataDir&gt;/admin-token</c>, generated (mode 0600) on first start.
/// </summary>
public sealed partial class AdminToken
{
    private readonly byte[] _expected;

    public AdminToken(IOptions<PaasOptions> options, DataPaths paths, ILogger<AdminToken> logger)
    {
        Value = options.Value.AdminToken is { Length: > 0 } configured ? configured : LoadOrCreate(paths.AdminTokenFile, logger);
        _expected = Encoding.UTF8.GetBytes(Value);
    }

    public string Value { get; }

    /// <summary>Constant-time comparison, so the token cannot be guessed byte by byte from response times.</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _expected);

    private static string LoadOrCreate(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            // Made by hand or by an older version: readable by others means the token is not secret.
            if ((File.GetUnixFileMode(path) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                LogPermissionsFixed(logger, path);
            }

            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                LogUsing(logger, path);
                return existing;
            }
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var create = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var writer = new StreamWriter(path, Encoding.ASCII, create))
        {
            writer.WriteLine(token);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        LogGenerated(logger, path);
        return token;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated the admin token; it is in {Path} (use it as the password for git push and as PAAS_TOKEN)")]
    private static partial void LogGenerated(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} was readable by other users; it is now 0600 (owner only). If others could read it, replace the token")]
    private static partial void LogPermissionsFixed(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin token is in {Path}")]
    private static partial void LogUsing(ILogger logger, string path);
}
