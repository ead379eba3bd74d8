using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Routing;

/// <summary>One forward waiting on one instance (see <see cref="PendingForwards"/>).</summary>
public sealed class PendingForward : IDisposable
{
    private readonly PendingForwards _owner;
    private readonly CancellationTokenSource _drop = new();

    internal PendingForward(PendingForwards owner, HttpContext context, string app, string destination)
    {
        _owner = owner;
        Context = context;
        App = app;
        Destination = destination;
    }

    public HttpContext Context { get; }
    public string App { get; }
    public string Destination { get; }

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
