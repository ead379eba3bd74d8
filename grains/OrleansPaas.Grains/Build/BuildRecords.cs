using OrleansPaas.Apps;
using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// Build records (Dokku's <c>builds:list</c> / <c>builds:output</c>): one per queued build in the
/// app's state (the grain owns that list and passes it in), finished with its builder, node, result
/// and release; the whole output goes to its own grain in the cluster's storage
/// (<paramref name="output"/> gives build N's), so any node answers for it. The last
/// <c>Paas:Builds:Keep</c> are kept, the oldest forgotten first.
/// </summary>
public sealed class BuildRecords(Func<int, IBuildOutputGrain> output)
{
    // Bounds one record's stored output: far beyond a real build's log (lines are cut at 8 KiB
    // and builds at Paas:Build:Timeout), so only a runaway build loses its start.
    public const int MaxStoredOutputChars = BuildLog.MaxCharsInMemory;

    // What a build's log keeps in memory once its output is stored, for pushes still following it.
    public const int LinesKeptOnceStored = 10_000;

    // What a finished build learnt (its builder and node) until its record is written.
    private readonly Dictionary<int, (string Builder, string Node)> _builtWith = [];

    public static BuildRecord Queued(int id, BuildSource? source, string? image, string localNode, DateTimeOffset now) =>
        new(id, source?.Commit ?? "", image, "", now, null, BuildOutcome.Queued, null,
            string.IsNullOrEmpty(source?.Node) ? localNode : source.Node);

    /// <summary>
    /// A new activation of the app's grain holds no build in memory: a record still unfinished was
    /// queued or running in an activation that died with its node, and never ends. It failed now.
    /// Returns how many were marked.
    /// </summary>
    public static int FailInterrupted(List<BuildRecord> records, DateTimeOffset now)
    {
        var marked = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].FinishedAt is null)
            {
                records[i] = records[i] with { FinishedAt = now, Outcome = BuildOutcome.Failed, Release = null };
                marked++;
            }
        }

        return marked;
    }

    public static string BuilderOf(ReleaseKind kind) => kind == ReleaseKind.Slug ? "buildpacks" : "dockerfile";

    /// <summary>The whole output of a log, as a record stores it.</summary>
    public static string OutputOf(BuildLog log) => log.Text(MaxStoredOutputChars);

    public void NoteBuiltWith(int id, string builder, string node) => _builtWith[id] = (builder, node);

    /// <summary>
    /// Finishes the record of build <paramref name="id"/> in <paramref name="records"/> and removes
    /// the oldest beyond <paramref name="keep"/> (returned, for <see cref="ForgetOutputsAsync"/>);
    /// null when the record is gone (the app was destroyed meanwhile).
    /// </summary>
    public (BuildRecord Finished, IReadOnlyList<BuildRecord> Forgotten)? Finish(
        List<BuildRecord> records, int id, BuildOutcome outcome, int? release, int keep, DateTimeOffset now)
    {
        _builtWith.Remove(id, out var built);
        var index = records.FindIndex(b => b.Id == id);
        if (index < 0)
        {
            return null;
        }

        var finished = records[index] with
        {
            Builder = built.Builder ?? records[index].Builder,
            Node = built.Node ?? records[index].Node,
            FinishedAt = now,
            Outcome = outcome,
            Release = release,
        };
        records[index] = finished;
        var forgotten = records.Take(Math.Max(0, records.Count - Math.Max(1, keep))).ToList();
        records.RemoveRange(0, forgotten.Count);
        return (finished, forgotten);
    }

    /// <summary>Build <paramref name="id"/>'s record (the newest when null) and its output: so far from its live log while it runs, else the stored one.</summary>
    public async Task<BuildOutput?> ReadAsync(IReadOnlyList<BuildRecord> records, int? id, Func<int, BuildLog?> liveLog)
    {
        var record = id is { } wanted ? records.FirstOrDefault(b => b.Id == wanted) : records.LastOrDefault();
        if (record is null)
        {
            return null;
        }

        // Still running (or just finished and not yet stored): what it has written so far.
        if (!record.Outcome.IsFinished() && liveLog(record.Id) is { } log)
        {
            return new BuildOutput(record, OutputOf(log));
        }

        return new BuildOutput(record, await output(record.Id).ReadAsync() ?? "");
    }

    public Task SaveOutputAsync(int id, string text) => output(id).SaveAsync(text);

    public Task ForgetOutputsAsync(IEnumerable<BuildRecord> records) => Task.WhenAll(records.Select(r => output(r.Id).ForgetAsync()));
}
