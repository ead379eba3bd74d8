using System.Collections.Concurrent;
using OrleansPaas.Apps;
using OrleansPaas.Nodes;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// The volume copies (<c>storage:move</c>) this node is receiving, one per app volume: each goes in the
/// background, so no grain call has to last as long as a large copy, and its bytes so far can be asked
/// for at any time; the mover judges it by whether they grow (<see cref="VolumeCopyProgress"/>).
/// </summary>
public sealed class VolumeCopies(INodeVolumeSource source)
{
    private readonly ConcurrentDictionary<(AppName App, string Volume), Copy> _copies = new();

    /// <summary>Starts the copy unless one of the same volume is going (that one goes on; asking twice is harmless).</summary>
    public void Start(string sourceNode, AppName app, string volume, string image)
    {
        var key = (app, volume);
        if (_copies.TryGetValue(key, out var going) && going.Ended is null)
        {
            return;
        }

        var copy = new Copy();
        _copies[key] = copy;
        copy.Run = Task.Run(async () =>
        {
            try
            {
                copy.Ended = await source.FetchAsync(sourceNode, app, volume, image, bytes => Interlocked.Exchange(ref copy.Bytes, bytes), copy.Stop.Token);
            }
            catch (OperationCanceledException) when (copy.Stop.IsCancellationRequested)
            {
                copy.Ended = new VolumeCopyResult("the copy was stopped", Interlocked.Read(ref copy.Bytes), TimeSpan.Zero);
            }
            catch (Exception ex)
            {
                copy.Ended = new VolumeCopyResult($"the copy failed: {ex.GetBaseException().Message}", Interlocked.Read(ref copy.Bytes), TimeSpan.Zero);
            }
        });
    }

    public VolumeCopyProgress? Get(AppName app, string volume) =>
        _copies.TryGetValue((app, volume), out var copy) ? new VolumeCopyProgress(Interlocked.Read(ref copy.Bytes), copy.Ended) : null;

    /// <summary>Stops the copy (if one is going) and waits until it has ended, its partial volume removed.</summary>
    public async Task CancelAsync(AppName app, string volume)
    {
        if (_copies.TryGetValue((app, volume), out var copy) && copy.Run is { } run)
        {
            await copy.Stop.CancelAsync();
            await run;
        }
    }

    private sealed class Copy
    {
        public long Bytes;
        public readonly CancellationTokenSource Stop = new();
        public Task? Run;
        public volatile VolumeCopyResult? Ended;
    }
}
