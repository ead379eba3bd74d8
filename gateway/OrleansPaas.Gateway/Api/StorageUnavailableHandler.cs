using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// A command whose grain could not save (the cluster's database is down or restarting) answers 503
/// with one sentence and a Retry-After, not a bare 500: its grain read its state back, so nothing
/// of the command was kept and trying again later is safe.
/// </summary>
public sealed class StorageUnavailableHandler : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsStorageFailure(exception) || context.Response.HasStarted)
        {
            return false;
        }

        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            detail: "the platform's database did not answer, so nothing was changed; try again once it is back").ExecuteAsync(context);
        return true;
    }

    /// <summary>The database driver's own failure anywhere in the chain, or Orleans' word that a grain's stored state could not be reached.</summary>
    public static bool IsStorageFailure(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException or Orleans.Storage.InconsistentStateException
                || current.GetType().FullName?.StartsWith("Npgsql.", StringComparison.Ordinal) == true
                || current.Message.Contains("Npgsql", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
