using System.Collections.Concurrent;

namespace OrleansPaas.Grains.Nodes;

/// <summary>
/// Copies of images on their way to this node, one per image however many callers ask for it:
/// a deploy and a reconciliation pass that both want an image here wait for the same transfer,
/// and anyone counting copies can see one is landing.
/// </summary>
public sealed class ArrivingImages
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _arriving = new(StringComparer.Ordinal);

    public bool IsArriving(string image) => _arriving.ContainsKey(image);

    /// <summary>Runs <paramref name="fetch"/> unless a fetch of the same image is under way, then waits for that one; null, or why it failed.</summary>
    public async Task<string?> JoinAsync(string image, Func<Task<string?>> fetch)
    {
        var arrival = new Lazy<Task<string?>>(fetch);
        var joined = _arriving.GetOrAdd(image, arrival);
        try
        {
            return await joined.Value;
        }
        finally
        {
            if (joined == arrival)
            {
                // Only the caller that started the fetch ends it: a later ask after a failure tries again.
                _arriving.TryRemove(new KeyValuePair<string, Lazy<Task<string?>>>(image, arrival));
            }
        }
    }
}
