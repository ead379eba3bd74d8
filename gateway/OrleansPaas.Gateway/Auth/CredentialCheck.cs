using Microsoft.AspNetCore.Http;
using OrleansPaas.Access;
using OrleansPaas.Gateway.Audit;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// The one credential check of every door (API, git, dashboard login, metrics; the SSH door maps
/// its keys to a principal itself): a locked-out address is answered before anything is compared,
/// the admin token is compared in constant time, a named token is looked up by its hash, and every
/// refusal is counted against the address and noted for the audit trail.
/// </summary>
public sealed class CredentialCheck(AdminToken admin, TokenStore tokens, FailedAuthentications failures)
{
    /// <summary>
    /// True when the address has no refusals left (noted for the audit trail): a door that must read a
    /// body to find the credential (the login form) asks this first, so a locked-out address costs nothing.
    /// </summary>
    public bool IsLockedOut(HttpContext context)
    {
        if (!failures.IsLockedOut(context))
        {
            return false;
        }

        RequestAudit.Of(context).Refused("too many refused credentials from this address");
        return true;
    }

    /// <summary>Checks <paramref name="presented"/> (null: none) for <paramref name="context"/>'s address.</summary>
    public CredentialResult Check(HttpContext context, string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return new CredentialResult(CredentialVerdict.Missing, Reason: "no token was sent");
        }

        if (IsLockedOut(context))
        {
            return new CredentialResult(CredentialVerdict.TooMany, Reason: FailedAuthentications.TooManySentence);
        }

        var audit = RequestAudit.Of(context);

        if (admin.Matches(presented))
        {
            audit.Actor = PaasPrincipal.AdminName;
            return new CredentialResult(CredentialVerdict.Accepted, PaasPrincipal.Admin);
        }

        var lookup = tokens.Find(presented);
        if (lookup.Token is { } token)
        {
            audit.Actor = token.Name;
        }

        var reason = lookup.Status switch
        {
            TokenLookupStatus.Valid => null,
            TokenLookupStatus.Revoked => $"the token '{lookup.Token!.Name}' was revoked",
            TokenLookupStatus.Expired => $"the token '{lookup.Token!.Name}' expired at {lookup.Token.ExpiresAt:u}",
            TokenLookupStatus.Unavailable => "this node cannot reach the token table just now, so it cannot tell whether the token was revoked; try again shortly",
            _ => "the token is not the admin token or a token made by tokens:create",
        };
        if (reason is null)
        {
            return new CredentialResult(CredentialVerdict.Accepted, lookup.Token!.Principal);
        }

        audit.Refused(reason);
        if (lookup.Status == TokenLookupStatus.Unavailable)
        {
            return new CredentialResult(CredentialVerdict.Unavailable, Reason: reason);
        }

        return failures.TryRecord(context)
            ? new CredentialResult(CredentialVerdict.Refused, Reason: reason)
            : new CredentialResult(CredentialVerdict.TooMany, Reason: FailedAuthentications.TooManySentence);
    }

    /// <summary>The answer a door gives to a result that is not <see cref="CredentialVerdict.Accepted"/>, when it has no answer of its own.</summary>
    public static IResult Problem(HttpContext context, CredentialResult result) => result.Verdict switch
    {
        CredentialVerdict.TooMany => FailedAuthentications.TooMany(context),
        CredentialVerdict.Unavailable => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable", detail: result.Reason),
        _ => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: result.Reason),
    };
}
