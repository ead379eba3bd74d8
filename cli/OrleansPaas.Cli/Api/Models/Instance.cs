namespace OrleansPaas.Cli.Api.Models;

/// <summary>One container of an app. The crash fields are null when an older server leaves them out.</summary>
internal sealed record Instance
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Process { get; init; } = "";
    public int Release { get; init; }
    public string? Endpoint { get; init; }

    /// <summary>The node that runs the instance (empty while it waits to restart).</summary>
    public string? Node { get; init; }

    /// <summary><c>running</c>, or <c>restarting</c> while a crashed instance waits out its back-off.</summary>
    public string State { get; init; } = "";

    /// <summary>How many times the instance was restarted after crashing.</summary>
    public int? Restarts { get; init; }

    /// <summary>The exit code of the last crash; null when it never crashed.</summary>
    public int? LastExitCode { get; init; }

    /// <summary>The last lines the instance wrote before its last crash.</summary>
    public IReadOnlyList<string>? LastOutput { get; init; }
}
