using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Build records (Dokku's <c>builds:list</c> / <c>builds:output</c>): one per queued build in the
/// app's state, finished with its builder, result and release; the whole output goes to its own
/// grain in the cluster's storage. The last <c>Paas:Builds:Keep</c> are kept, the oldest forgotten first.
/// </summary>
public sealed partial class AppGrain
{
    // Bounds one record's stored output: far beyond a real build's log (lines are cut at 8 KiB
    // and builds at Paas:Build:Timeout), so only a runaway build loses its start.
    private const int MaxStoredOutputChars = BuildLog.MaxCharsInMemory;
    // What a build's log keeps in memory once its output is stored, for pushes still following it.
    private const int LinesKeptOnceStored = 10_000;

    // What a finished build learnt (its builder and node) until its record is written.
    private readonly Dictionary<int, (string Builder, string Node)> _builtWith = [];

    public Task<IReadOnlyList<BuildRecord>?> GetBuildsAsync() =>
        Task.FromResult<IReadOnlyList<BuildRecord>?>(State.Exists ? State.Builds.ToList() : null);

    public async Task<BuildOutput?> GetBuildOutputAsync(int? buildId)
    {
        var record = buildId is { } id ? State.Builds.FirstOrDefault(b => b.Id == id) : State.Builds.LastOrDefault();
        if (!State.Exists || record is null)
        {
            return null;
        }

        // Still running (or just finished and not yet stored): what it has written so far.
        if (!record.Outcome.IsFinished() && _logs.TryGetValue(record.Id, out var log))
        {
            return new BuildOutput(record, OutputOf(log));
        }

        var text = await GrainFactory.GetGrain<IBuildOutputGrain>(IBuildOutputGrain.Key(_name.Value, record.Id)).ReadAsync();
        return new BuildOutput(record, text ?? "");
    }

    private void RecordQueued(int buildId, BuildSource? source, string? image) =>
        State.Builds.Add(new BuildRecord(buildId, source?.Commit ?? "", image, "", DateTimeOffset.UtcNow, null, BuildOutcome.Queued, null,
            string.IsNullOrEmpty(source?.Node) ? nodes.Local : source.Node));

    private void NoteBuiltWith(int buildId, string builder, string node) => _builtWith[buildId] = (builder, node);

    /// <summary>Finishes the record of a build that ended, stores its output, and forgets the records beyond the limit.</summary>
    private async Task RecordFinishedAsync(BuildLog log, bool deployed)
    {
        _builtWith.Remove(log.BuildId, out var built);
        var output = OutputOf(log);
        var forgotten = await RunCommandAsync(async () =>
        {
            var index = State.Builds.FindIndex(b => b.Id == log.BuildId);
            if (!State.Exists || index < 0)
            {
                return [];
            }

            var record = State.Builds[index];
            metrics.BuildEnded(_name.Value, log.Outcome, DateTimeOffset.UtcNow - record.StartedAt);
            State.Builds[index] = record with
            {
                Builder = built.Builder ?? record.Builder,
                Node = built.Node ?? record.Node,
                FinishedAt = DateTimeOffset.UtcNow,
                Outcome = log.Outcome,
                Release = deployed ? State.CurrentVersion : null,
            };
            var excess = State.Builds.Count - Math.Max(1, Settings.Builds.Keep);
            var gone = excess > 0 ? State.Builds.Take(excess).ToList() : [];
            State.Builds.RemoveRange(0, gone.Count);
            await GrainFactory.GetGrain<IBuildOutputGrain>(IBuildOutputGrain.Key(_name.Value, log.BuildId)).SaveAsync(output);
            await state.WriteStateAsync();
            return gone;
        });

        log.KeepLast(LinesKeptOnceStored);
        await ForgetOutputsAsync(forgotten);
    }

    private Task ForgetOutputsAsync(IEnumerable<BuildRecord> records) =>
        Task.WhenAll(records.Select(r => GrainFactory.GetGrain<IBuildOutputGrain>(IBuildOutputGrain.Key(_name.Value, r.Id)).ForgetAsync()));

    private static string OutputOf(BuildLog log) => log.Text(MaxStoredOutputChars);

    private static string BuilderOf(ReleaseKind kind) => kind == ReleaseKind.Slug ? "buildpacks" : "dockerfile";
}
