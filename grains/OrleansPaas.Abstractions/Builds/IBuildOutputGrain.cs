namespace OrleansPaas.Builds;

/// <summary>
/// The whole output of one finished build (key <c>app/id</c>), in the cluster's grain storage, so
/// <c>builds:output</c> works from any node and after the node that built it is gone.
/// </summary>
[Alias("paas.IBuildOutputGrain")]
public interface IBuildOutputGrain : IGrainWithStringKey
{
    [Alias("Save")]
    Task SaveAsync(string text);

    /// <summary>The stored output; null when none was stored (or it was forgotten).</summary>
    [Alias("Read")]
    Task<string?> ReadAsync();

    [Alias("Forget")]
    Task ForgetAsync();

    public static string Key(string app, int buildId) => $"{app}/{buildId}";
}
