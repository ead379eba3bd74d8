namespace OrleansPaas.Tables;

/// <summary>
/// A whole versioned table (routes, TLS) as one activation of its grain handed it out. The version
/// counts changes within an activation; the epoch names the activation, so a gateway that holds
/// (epoch A, v7) takes the table again from (epoch B, v7) instead of trusting the number alone.
/// </summary>
public interface ITableSnapshot
{
    /// <summary>The activation of the table that made this snapshot; <see cref="Guid.Empty"/> before any.</summary>
    Guid Epoch { get; }

    long Version { get; }
}
