using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// Bounds guessing the token: each client address may present wrong credentials
/// <see cref="PerWindow"/> times per <see cref="Window"/> (the framework's fixed-window rate
/// limiter, one per address). Only refusals use it up, so callers that log in right are never
/// limited however often they come. Once an address has used it up, every credential it
/// presents is answered 429 until the window ends, the right one too: otherwise a guesser would
/// still learn which guess was right. Every door shares one budget per address, through CredentialCheck.
/// </summary>
public sealed class FailedAuthentications : IDisposable
{
    public const int PerWindow = 20;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<IPAddress> _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = PerWindow,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>True when the request's address has no refusals left in this window.</summary>
    public bool IsLockedOut(HttpContext context) =>
        _limiter.GetStatistics(AddressOf(context)) is { CurrentAvailablePermits: <= 0 };

    /// <summary>Counts a refused credential; false when it was one too many (answer 429 instead of 401).</summary>
    public bool TryRecord(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(AddressOf(context));
        return lease.IsAcquired;
    }

    public static readonly string TooManySentence =
        $"too many refused credentials from this address; try again in a minute (at most {PerWindow} refusals a minute per address)";

    /// <summary>The 429 answer, with when to try again.</summary>
    public static IResult TooMany(HttpContext context)
    {
        SetRetryAfter(context);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Requests", detail: TooManySentence);
    }

    public static void SetRetryAfter(HttpContext context) =>
        context.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // IPv4 clients seen through a dual-stack socket count as their IPv4 address. An IPv6 client
    // counts as its /64: one subscriber usually holds a whole /64, and could otherwise take a new
    // address for every 20 guesses.
    private static IPAddress AddressOf(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => IPAddress.None,
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4(),
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } v6 => Network64(v6),
        var v4 => v4,
    };

    internal static IPAddress Network64(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    public void Dispose() => _limiter.Dispose();
}
