using System.Collections.Concurrent;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// How each push's hook ended, handed back to the receive-pack request for the audit trail: git
/// answers 200 even when the hook refused the push (a failed build or deploy), so the request's
/// status alone would record a failed push as a success. Keyed by the push's id (<see cref="PushInterruptions"/>).
/// </summary>
public sealed class PushOutcomes
{
    private readonly ConcurrentDictionary<string, string> _outcomes = new(StringComparer.Ordinal);

    public void Note(string? pushId, int hookStatus)
    {
        if (!string.IsNullOrEmpty(pushId))
        {
            _outcomes[pushId] = hookStatus == 0 ? "ok (deployed)" : "failed (the build or deploy failed; the previous release keeps serving)";
        }
    }

    /// <summary>The outcome of <paramref name="pushId"/>'s hook, forgotten once taken; null when no hook ran.</summary>
    public string? Take(string pushId) => _outcomes.TryRemove(pushId, out var outcome) ? outcome : null;
}
