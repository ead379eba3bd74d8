using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// Reads the token a request carries: the password of HTTP Basic (any user name, the way GitHub
/// takes tokens for git) or a Bearer token (the API).
/// </summary>
public static class RequestCredentials
{
    public const string Realm = "OrleansPaas";

    public static string? Token(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Parameter is null)
        {
            return null;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return header.Parameter;
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Answers 401 with a Basic challenge so git asks for (or reports wrong) credentials.</summary>
    /// <param name="reason">Why the credentials sent were refused; null when none were sent.</param>
    public static IResult Challenge(string? reason = null) => new ChallengeResult(reason);

    private sealed class ChallengeResult(string? reason) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync((reason is null ? "Authentication required" : $"Refused: {reason}")
                + ": use the admin token (or a token from tokens:create) as the password.\n");
        }
    }
}
