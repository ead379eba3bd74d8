using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Audit;

/// <summary>
/// What one request tells the audit trail, filled in by whoever knows it (the credential check: the
/// actor; a refusal: why; a handler: the app named in its body, the config names it changed) and
/// written once by <see cref="AuditMiddleware"/> when the request is done.
/// </summary>
public sealed class RequestAudit
{
    private static readonly object Key = new();

    /// <summary>The credential's name once known (a refused named token too); "-" when none checked out.</summary>
    public string Actor { get; set; } = "-";

    public string? Action { get; set; }

    public string? App { get; set; }

    /// <summary>Names only, never values (config names, a refusal's sentence).</summary>
    public string? Detail { get; set; }

    /// <summary>True when a credential or the role was refused: recorded whatever the method.</summary>
    public bool WasRefused { get; private set; }

    /// <summary>Set by a door that knows better than the status code (a push whose build failed answers 200).</summary>
    public string? Outcome { get; set; }

    public void Refused(string reason)
    {
        WasRefused = true;
        Detail = reason;
    }

    public static RequestAudit Of(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var existing) && existing is RequestAudit audit)
        {
            return audit;
        }

        var created = new RequestAudit();
        context.Items[Key] = created;
        return created;
    }
}
