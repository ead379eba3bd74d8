using System.Collections.Concurrent;
using System.Net.Http;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// Instances the gateway should not send a request to while its app has another: those this node's
/// engine reported dead, and those a connect just failed to (refused, or no answer within the connect
/// timeout: a killed container's address answers nothing, and a node that died is not declared dead
/// for 10–30 s). A death is marked for <see cref="DeadHold"/>, also while the routes drop the
/// container and list it again (its app's grain may list it from an engine that has not caught up
/// yet), until the container starts again or the routes put another container at its address; a
/// failed connect for <see cref="FailedConnectHold"/> (the way nginx's <c>max_fails=1 fail_timeout</c>
/// takes a server out), or until the routes put another container there.
/// </summary>
public sealed class UnreachableInstances(TimeProvider? time = null)
{
    /// <summary>How long an instance a connect failed to gets no new request while its app has another.</summary>
    public static readonly TimeSpan FailedConnectHold = TimeSpan.FromSeconds(5);

    /// <summary>How long a dead container is remembered: longer than the reconciliation pass that corrects a route listing it.</summary>
    public static readonly TimeSpan DeadHold = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Mark> _marks = new(StringComparer.Ordinal);

    /// <param name="ContainerId">The container that was at the address when it was marked; null when the routes did not say.</param>
    /// <param name="Dead">Its engine reported it dead (otherwise a connect to it failed).</param>
    private sealed record Mark(string? ContainerId, bool Dead, DateTimeOffset Until);

    public bool IsEmpty => _marks.IsEmpty;

    /// <summary>The engine reported the container at <paramref name="destination"/> dead.</summary>
    public void Died(string destination, string? containerId) => _marks[destination] = new Mark(containerId, true, _time.GetUtcNow() + DeadHold);

    /// <summary>The engine started <paramref name="containerId"/> (again: a sleeping app's parked container wakes).</summary>
    public void Started(string containerId)
    {
        foreach (var (destination, mark) in _marks)
        {
            if (string.Equals(mark.ContainerId, containerId, StringComparison.Ordinal))
            {
                _marks.TryRemove(new KeyValuePair<string, Mark>(destination, mark));
            }
        }
    }

    /// <summary>A connect to <paramref name="destination"/> failed; a death already known stays as it is.</summary>
    public void FailedToConnect(string destination, string? containerId) =>
        _marks.AddOrUpdate(destination, _ => new Mark(containerId, false, _time.GetUtcNow() + FailedConnectHold),
            (_, known) => known.Dead && Concerns(known, containerId) ? known : new Mark(containerId, false, _time.GetUtcNow() + FailedConnectHold));

    /// <summary>Whether <paramref name="containerId"/> at <paramref name="destination"/> is known dead: nothing sent there ever answers.</summary>
    public bool IsDead(string destination, string? containerId) =>
        !_marks.IsEmpty && _marks.TryGetValue(destination, out var mark) && mark.Dead && Concerns(mark, containerId) && mark.Until > _time.GetUtcNow();

    /// <summary>Whether a request should go elsewhere than <paramref name="containerId"/> at <paramref name="destination"/> if it can.</summary>
    public bool Avoid(string destination, string? containerId) =>
        !_marks.IsEmpty && _marks.TryGetValue(destination, out var mark) && Concerns(mark, containerId) && mark.Until > _time.GetUtcNow();

    /// <summary>
    /// Whether a forward failed because the instance did not accept its connection: refused,
    /// unreachable, or no answer within <see cref="BackendClient"/>'s connect timeout.
    /// </summary>
    public static bool IsConnectFailure(Exception? exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    /// <summary>
    /// A new route snapshot: a mark ends once the routes put another container at its address (a
    /// new container may be given the same address), or when its time is up. A death whose container
    /// is unknown ends with the snapshot, as the routes may now have anything there.
    /// </summary>
    public void Update(GatewayRoutes routes)
    {
        var now = _time.GetUtcNow();
        foreach (var (destination, mark) in _marks)
        {
            var replaced = mark.ContainerId is { } id
                ? routes.Routes(destination) && !string.Equals(routes.DestinationOf(id), destination, StringComparison.Ordinal)
                : mark.Dead;
            if (replaced || mark.Until <= now)
            {
                _marks.TryRemove(new KeyValuePair<string, Mark>(destination, mark));
            }
        }
    }

    // Two apps' routes may name one address for a moment (one of them lags a death, the engine gave the
    // address to another app's new container): a mark concerns only the container it was made for.
    private static bool Concerns(Mark mark, string? containerId) =>
        mark.ContainerId is null || containerId is null || string.Equals(containerId, mark.ContainerId, StringComparison.Ordinal);
}
