namespace OrleansPaas.Grains.Receive;

/// <summary>The one push an app is building or deploying: the branch move it will make if it succeeds.</summary>
internal sealed record PushClaim(int BuildId, string RefName, string OldCommit, string NewCommit)
{
    /// <summary>When its deploy finished; from then on only the hook's word (published or not) is awaited.</summary>
    public DateTimeOffset? DeployedAt { get; init; }
}
