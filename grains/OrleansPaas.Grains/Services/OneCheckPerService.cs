namespace OrleansPaas.Grains.Services;

/// <summary>
/// The keeper's start checks, each service on its own: a service whose last check still goes (its grain
/// busy with a long export or restore, as it takes one call at a time) is passed over until that check
/// ends, instead of holding the other services behind it.
/// </summary>
public sealed class OneCheckPerService
{
    private readonly Dictionary<string, Task> _going = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts <paramref name="check"/> for each of <paramref name="services"/> not still being checked, and
    /// waits for them up to <paramref name="wait"/>; the names started. <paramref name="check"/> must not throw.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<string> services, Func<string, Task> check, TimeSpan wait, CancellationToken cancellationToken)
    {
        foreach (var gone in _going.Keys.Where(name => !services.Contains(name, StringComparer.Ordinal)).ToList())
        {
            _going.Remove(gone);
        }

        var started = services.Where(name => !_going.TryGetValue(name, out var going) || going.IsCompleted).ToList();
        foreach (var name in started)
        {
            _going[name] = check(name);
        }

        try
        {
            await Task.WhenAll(started.Select(name => _going[name])).WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The slow ones go on; the next pass leaves them alone until they end.
        }

        return started;
    }
}
