using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Silo.Hosting;

/// <summary>
/// The one way a node that cannot start says why: one sentence per problem on stderr, exit code 1,
/// no stack trace. It covers the settings' validation (all problems at once), the checks that need
/// the outside world, and a port another process holds. Anything else is a fault and keeps its trace.
/// </summary>
public static class StartupFailure
{
    public static bool IsExplained(Exception failure) =>
        Causes(failure).Any(e => e is OptionsValidationException or StartupProblemException || IsAddressInUse(e));

    /// <summary>Call once the host is disposed: a port in use is found by listening on each configured port again.</summary>
    public static IReadOnlyList<string> Sentences(Exception failure, PaasOptions? options)
    {
        var causes = Causes(failure).ToList();
        var sentences = causes.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
            .Concat(causes.OfType<StartupProblemException>().SelectMany(e => e.Sentences))
            .ToList();
        if (causes.Any(IsAddressInUse))
        {
            var inUse = options is null ? [] : PortsInUse.Find(options);
            sentences.AddRange(inUse.Count > 0 ? inUse : [PortsInUse.Unidentified(causes.First(IsAddressInUse))]);
        }

        return sentences.Distinct().ToList();
    }

    private static bool IsAddressInUse(Exception e) =>
        e is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse };

    /// <summary>The failure and everything inside it (hosts wrap start-up failures, aggregates hold several).</summary>
    private static IEnumerable<Exception> Causes(Exception failure)
    {
        yield return failure;
        var inner = failure is AggregateException aggregate ? aggregate.InnerExceptions : failure.InnerException is { } one ? [one] : [];
        foreach (var cause in inner.SelectMany(Causes))
        {
            yield return cause;
        }
    }
}
