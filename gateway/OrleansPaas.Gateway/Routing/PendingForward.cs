using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Routing;

/// <summary>One forward waiting on one instance (see <see cref="PendingForwards"/>).</summary>
public sealed class PendingForward : IDisposable
{
    private readonly PendingForwards _owner;
    private readonly CancellationTokenSource _drop = new();

    private readonly HttpContext _context;

    internal PendingForward(PendingForwards owner, HttpContext context, string app, string destination, string? containerId)
    {
        ContainerId = containerId;
        _owner = owner;
        _context = context;
        App = app;
        Destination = destination;
    }

    public string App { get; }
    public string Destination { get; }

    /// <summary>The container the routes had at <see cref="Destination"/>; null when they did not say.</summary>
    public string? ContainerId { get; }

    /// <summary>
    /// Whether any of the answer went to the client. A forward that ended meanwhile (its request
    /// done, its context recycled) counts as answered: there is nothing left to cut off.
    /// </summary>
    public bool Answered
    {
        get
        {
            try
            {
                return _context.Response.HasStarted;
            }
            catch (ObjectDisposedException)
            {
                return true;
            }
        }
    }

    /// <summary>Given to the forwarder: cancelled when the routes drop the instance before it answered.</summary>
    public CancellationToken Token => _drop.Token;

    /// <summary>The routes dropped the instance while this forward waited on it.</summary>
    public bool Dropped => _drop.IsCancellationRequested;

    internal void Drop()
    {
        try
        {
            _drop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The forward ended meanwhile.
        }
    }

    public void Dispose()
    {
        _owner.Forget(this);
        _drop.Dispose();
    }
}
