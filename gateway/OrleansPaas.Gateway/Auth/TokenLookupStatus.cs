namespace OrleansPaas.Gateway.Auth;

/// <summary>What this node's copy of the token table says about a presented token.</summary>
public enum TokenLookupStatus
{
    Valid,
    Unknown,
    Revoked,
    Expired,

    /// <summary>This node has not heard from the token table lately, so its copy may miss a revoke.</summary>
    Unavailable,
}
