using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Configuration;
using OrleansPaas.Sleep;

namespace OrleansPaas.Gateway.Sleep;

/// <summary>
/// Holds requests for a sleeping app on this gateway while its grain wakes it: one call to the grain
/// per wake, however many requests arrive; each held request goes on as soon as this gateway's
/// routes have the app awake, or gets a 503 with Retry-After when the wake fails, takes longer than
/// <c>Paas:Sleep:WakeTimeout</c>, or more than <c>Paas:Sleep:MaxHeldRequests</c> wait already.
/// </summary>
public sealed partial class WakeCoordinator(RouteSnapshotStore routes, IGrainFactory grains, IOptions<PaasOptions> options, ILogger<WakeCoordinator> logger)
{
    private readonly ConcurrentDictionary<string, PendingWake> _pending = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>
    /// Waits until <paramref name="sleeping"/>'s app is awake and returns its new route; or answers the
    /// request itself (waiting page, 503) and returns null.
    /// </summary>
    public async Task<AppRoute?> HoldAsync(HttpContext context, AppRoute sleeping)
    {
        var app = sleeping.App;
        var wake = Start(app);
        if (sleeping.SleepPage && WakeAnswers.IsBrowserNavigation(context.Request))
        {
            await WakeAnswers.WritePageAsync(context, app);
            return null;
        }

        var settings = options.Value.Sleep;
        if (!wake.TryHold(settings.MaxHeldRequests))
        {
            await WakeAnswers.WriteTooManyAsync(context, app);
            return null;
        }

        try
        {
            // One timer per held request; it also ends when the wake fails. Snapshots wake the wait,
            // so every held request goes on with the snapshot that has the app awake, together.
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            patience.CancelAfter(settings.WakeTimeout);
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);
            EndOnFailure(wake, failed);
            var awake = await routes.WaitForAsync(current => current.ForApp(app) is { Sleeping: true } ? null : new AwakeRoute(current.ForApp(app)), failed.Token);
            if (awake is not null)
            {
                // Awake (or stopped, or destroyed meanwhile): the caller serves it as any request.
                if (awake.Route is not null)
                {
                    context.Response.OnStarting(() => Answered(app, wake));
                }

                return awake.Route;
            }

            if (context.RequestAborted.IsCancellationRequested)
            {
                return null;
            }

            if (wake.Result.IsCompletedSuccessfully && !wake.Result.Result.Awake)
            {
                await WakeAnswers.WriteFailedAsync(context, app, wake.Result.Result.RetryAfter ?? TimeSpan.FromSeconds(5));
                return null;
            }

            LogWakeTimedOut(logger, app, settings.WakeTimeout.TotalSeconds);
            await WakeAnswers.WriteTimedOutAsync(context, app);
            return null;
        }
        finally
        {
            wake.Release();
        }
    }

    /// <summary>The app's route once it is not sleeping; null inside when it went away meanwhile.</summary>
    private sealed record AwakeRoute(AppRoute? Route);

    /// <summary>Cancels <paramref name="waiting"/> when the wake answers that it failed.</summary>
    private static void EndOnFailure(PendingWake wake, CancellationTokenSource waiting)
    {
        var token = waiting.Token;
        _ = wake.Result.ContinueWith(result =>
        {
            if (!result.Result.Awake && !token.IsCancellationRequested)
            {
                try
                {
                    waiting.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The request finished first: nothing waits any more.
                }
            }
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>The wake under way for <paramref name="app"/> on this gateway, or a new one: one grain call per wake.</summary>
    private PendingWake Start(string app)
    {
        if (_pending.TryGetValue(app, out var pending))
        {
            return pending;
        }

        lock (_gate)
        {
            if (_pending.TryGetValue(app, out pending))
            {
                return pending;
            }

            var started = new PendingWake(AskAsync(app));
            _pending[app] = started;
            // Done, the entry goes: a later request for a still-sleeping app (a failed wake) asks again,
            // and the grain's back-off decides whether that starts anything.
            started.Result.ContinueWith(_ => _pending.TryRemove(new KeyValuePair<string, PendingWake>(app, started)), TaskScheduler.Default);
            return started;
        }
    }

    private async Task<WakeResult> AskAsync(string app)
    {
        try
        {
            // Yield first: the caller registers the pending wake before anything can complete it.
            await Task.Yield();
            return await grains.GetGrain<IAppGrain>(app).WakeAsync().WaitAsync(options.Value.Sleep.WakeTimeout);
        }
        catch (Exception ex)
        {
            LogWakeCallFailed(logger, app, ex.GetBaseException().Message);
            return WakeResult.Failed(ex.GetBaseException().Message, 0, TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>The first held request's response starts: the wake's figures go to the grain, once.</summary>
    private Task Answered(string app, PendingWake wake)
    {
        if (wake.FirstAnswer() is { } after)
        {
            // The routes may reach this gateway before the grain's answer does (it waits for every gateway).
            _ = ReportAsync();
        }

        return Task.CompletedTask;

        async Task ReportAsync()
        {
            var result = await wake.Result;
            if (result.Awake)
            {
                await grains.GetGrain<IAppGrain>(app).ReportWakeAsync(result.Wake, wake.Held, after);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{App} did not wake within {Seconds}s (Paas:Sleep:WakeTimeout); held requests got 503")]
    private static partial void LogWakeTimedOut(ILogger logger, string app, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking {App} to wake failed: {Reason}")]
    private static partial void LogWakeCallFailed(ILogger logger, string app, string reason);
}
