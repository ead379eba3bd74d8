using Microsoft.Extensions.Options;
using OrleansPaas.Audit;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Audit;

/// <summary>
/// The audit trail's index: hands out sequence numbers, appends to the newest chunk, starts a new
/// chunk every <see cref="ChunkSize"/> entries and drops whole chunks that fall out of
/// <c>Paas:Audit:KeepDays</c>/<c>KeepEntries</c>; reads filter to exactly those limits.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit-log", GrainStorage.Name)] IPersistentState<AuditLogState> state,
    IOptions<PaasOptions> options,
    TimeProvider time) : Grain, IAuditLogGrain
{
    // Small enough that one more entry is a small write (the chunk is written whole), large enough
    // that the index of 100,000 entries stays a thousand rows.
    public const int ChunkSize = 100;

    private long _nextSequence = 1;
    private int _inNewest;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Chunks is [.., var newest])
        {
            var entries = await GrainFactory.GetGrain<IAuditChunkGrain>(newest.Key).ReadAsync();
            _inNewest = entries.Count;
            _nextSequence = entries.Count > 0 ? entries[^1].Sequence + 1 : newest.FirstSequence;
        }
    }

    public Task<long> AppendAsync(AuditEntry entry) => AppendManyAsync([entry]);

    public async Task<long> AppendManyAsync(IReadOnlyList<AuditEntry> entries)
    {
        var last = _nextSequence - 1;
        for (var taken = 0; taken < entries.Count;)
        {
            if (state.State.Chunks.Count == 0 || _inNewest >= ChunkSize)
            {
                await StartChunkAsync();
            }

            // As many as fit in the newest chunk, numbered in order: one write for the whole batch.
            var first = _nextSequence;
            var batch = entries.Skip(taken).Take(ChunkSize - _inNewest).Select((entry, i) => entry with { Sequence = first + i }).ToList();
            await GrainFactory.GetGrain<IAuditChunkGrain>(state.State.Chunks[^1].Key).AppendAsync(batch);
            _nextSequence += batch.Count;
            _inNewest += batch.Count;
            taken += batch.Count;
            last = batch[^1].Sequence;
        }

        return last;
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query)
    {
        var oldest = time.GetUtcNow() - TimeSpan.FromDays(options.Value.Audit.KeepDays);
        var firstKept = _nextSequence - options.Value.Audit.KeepEntries;
        var limit = Math.Clamp(query.Limit, 1, 10_000);
        var found = new List<AuditEntry>();
        // Newest chunk first, until enough are found: a query for the last hundred reads one or two chunks.
        for (var i = state.State.Chunks.Count - 1; i >= 0 && found.Count < limit; i--)
        {
            var chunk = state.State.Chunks[i];
            if (i + 1 < state.State.Chunks.Count && state.State.Chunks[i + 1].FirstSequence <= query.After + 1)
            {
                break;
            }

            var entries = await GrainFactory.GetGrain<IAuditChunkGrain>(chunk.Key).ReadAsync();
            for (var j = entries.Count - 1; j >= 0 && found.Count < limit; j--)
            {
                var entry = entries[j];
                if (entry.Sequence > query.After && entry.Sequence >= firstKept && entry.At >= oldest && Matches(entry, query))
                {
                    found.Add(entry);
                }
            }
        }

        found.Reverse();
        return found;
    }

    private static bool Matches(AuditEntry entry, AuditQuery query) =>
        (query.App is null || entry.App == query.App)
        && (query.OnlyApps is null || (entry.App is { } app && query.OnlyApps.Contains(app, StringComparer.Ordinal)));

    private async Task StartChunkAsync()
    {
        var chunks = state.State.Chunks;
        var key = chunks.Count > 0 ? chunks[^1].Key + 1 : 1;
        var dropped = Expired(chunks).ToList();
        state.State.Chunks = chunks.Except(dropped).Append(new AuditChunkInfo(key, _nextSequence, time.GetUtcNow())).ToList();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Chunks = chunks;
            throw;
        }

        _inNewest = 0;
        // Cleared after the index no longer names them: a failure here leaves rows nobody reads, never a hole.
        foreach (var chunk in dropped)
        {
            await GrainFactory.GetGrain<IAuditChunkGrain>(chunk.Key).ClearAsync();
        }
    }

    /// <summary>
    /// Whole chunks past the limits: those whose successor started before the oldest day kept (every
    /// entry in them is older), and the oldest ones while the rest still hold the newest KeepEntries.
    /// </summary>
    private IEnumerable<AuditChunkInfo> Expired(List<AuditChunkInfo> chunks)
    {
        var oldest = time.GetUtcNow() - TimeSpan.FromDays(options.Value.Audit.KeepDays);
        var firstKept = _nextSequence - options.Value.Audit.KeepEntries;
        for (var i = 0; i + 1 < chunks.Count; i++)
        {
            var next = chunks[i + 1];
            if (next.StartedAt < oldest || next.FirstSequence <= firstKept)
            {
                yield return chunks[i];
            }
            else
            {
                yield break;
            }
        }
    }
}
