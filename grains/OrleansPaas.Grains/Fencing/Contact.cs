namespace OrleansPaas.Grains.Fencing;

/// <summary>What one attempt to reach the cluster found.</summary>
public enum Contact
{
    /// <summary>Neither the membership table nor any other node answered in time.</summary>
    None,

    /// <summary>The membership table lists this node Active, another node answered, or there is no other node.</summary>
    Reached,

    /// <summary>The cluster declared this node dead: its silo is about to end, and its instances are re-placed.</summary>
    DeclaredDead,
}
