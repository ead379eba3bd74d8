using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Auth;

/// <summary>What a request's credentials (Basic password or Bearer token) come to.</summary>
public enum CredentialVerdict
{
    Accepted,

    /// <summary>None presented (git's first request always is): a challenge, not a failure.</summary>
    Missing,

    Refused,

    /// <summary>The address has used up its refusals (<see cref="FailedAuthentications"/>): 429.</summary>
    TooMany,
}

/// <summary>
/// The token check of the routes that read credentials themselves (git, image export): a locked-out
/// address is answered before the token is compared, and a refusal is counted.
/// </summary>
public static class CredentialCheck
{
    public static CredentialVerdict Check(HttpContext context, AdminToken token, FailedAuthentications failures)
    {
        if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            return CredentialVerdict.Missing;
        }

        if (failures.IsLockedOut(context))
        {
            return CredentialVerdict.TooMany;
        }

        if (token.Matches(RequestCredentials.Token(context.Request)))
        {
            return CredentialVerdict.Accepted;
        }

        return failures.TryRecord(context) ? CredentialVerdict.Refused : CredentialVerdict.TooMany;
    }
}
