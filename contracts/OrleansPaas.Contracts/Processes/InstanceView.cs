namespace OrleansPaas.Contracts.Processes;

/// <summary>
/// One container of an app: a running one, or a crashed one waiting out its back-off. The crash
/// fields are nullable because a server older than crash reports leaves them out.
/// </summary>
public sealed record InstanceView
{
    public string Id { get; init; } = "";

    /// <summary>The process type and number, e.g. <c>web.1</c>.</summary>
    public string Name { get; init; } = "";

    public string Process { get; init; } = "";
    public int Release { get; init; }
    public string? Endpoint { get; init; }

    /// <summary><c>running</c>, or <c>restarting</c> while a crashed instance waits out its back-off.</summary>
    public string State { get; init; } = "";

    /// <summary>How many times the instance was restarted after crashing.</summary>
    public int? Restarts { get; init; }

    /// <summary>The exit code of the last crash (Docker reports it as a 64-bit number); null when it never crashed.</summary>
    public long? LastExitCode { get; init; }

    /// <summary>The last lines the instance wrote before its last crash.</summary>
    public IReadOnlyList<string>? LastOutput { get; init; }

    /// <summary>The node that runs the instance (empty while it waits to restart).</summary>
    public string? Node { get; init; }
}
