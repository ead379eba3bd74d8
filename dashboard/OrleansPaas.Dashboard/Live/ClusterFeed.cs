using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using OrleansPaas.Dashboard.Parts;

namespace OrleansPaas.Dashboard.Live;

/// <summary>The nodes table, re-rendered each tick and sent as event <c>nodes</c> when it changed.</summary>
public sealed class ClusterFeed(DashboardData data, FragmentRenderer renderer, FeedTicks ticks)
{
    public async IAsyncEnumerable<SseItem<string>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var html = await renderer.RenderAsync<NodesTable>(new Dictionary<string, object?> { ["Nodes"] = await data.NodesAsync() });
            if (html != last)
            {
                last = html;
                yield return new SseItem<string>(html, "nodes");
            }

            if (!await ticks.TryWaitAsync(cancellationToken))
            {
                yield break;
            }
        }
    }
}
