namespace OrleansPaas.Gateway.Auth;

/// <summary>What a presented credential comes to.</summary>
public enum CredentialVerdict
{
    Accepted,

    /// <summary>None presented (git's first request always is): a challenge, not a failure.</summary>
    Missing,

    Refused,

    /// <summary>The address has used up its refusals (<see cref="FailedAuthentications"/>): 429.</summary>
    TooMany,

    /// <summary>A named token this node cannot vouch for now (its copy of the table is stale): 503, not counted.</summary>
    Unavailable,
}
