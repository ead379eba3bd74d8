using OrleansPaas.Contracts.Processes;
using OrleansPaas.Contracts.Releases;

namespace OrleansPaas.Contracts.Apps;

/// <summary><c>GET /api/apps/{app}</c>, and the answer to <c>POST /api/apps</c> and to a rollback.</summary>
public sealed record AppDetails
{
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The current release; null before the first deploy.</summary>
    public ReleaseView? Release { get; init; }

    public IReadOnlyList<string> Domains { get; init; } = [];
    public IReadOnlyDictionary<string, int> Formation { get; init; } = new Dictionary<string, int>();
    public IReadOnlyList<InstanceView> Instances { get; init; } = [];
    public int ConfigVars { get; init; }

    /// <summary>The app's images on the live nodes' disks, summed; 0 where the server does not count them.</summary>
    public long ImageBytes { get; init; }
}
