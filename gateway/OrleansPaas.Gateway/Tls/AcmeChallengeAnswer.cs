using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Tls;

/// <summary>Answers ACME HTTP-01 requests from memory, for any host: the key authorization of a pending token.</summary>
public static class AcmeChallengeAnswer
{
    /// <summary>True when the request was a pending challenge and has been answered.</summary>
    public static bool TryWrite(HttpContext context, ServedCertificates certificates, out Task written)
    {
        written = Task.CompletedTask;
        if (certificates.Challenges.Count == 0
            || !context.Request.Path.StartsWithSegments(HttpsRedirect.AcmeChallengePath, out var rest)
            || !certificates.Challenges.TryGetValue(rest.Value?.TrimStart('/') ?? "", out var keyAuthorization))
        {
            return false;
        }

        context.Response.ContentType = "application/octet-stream";
        written = context.Response.WriteAsync(keyAuthorization);
        return true;
    }
}
