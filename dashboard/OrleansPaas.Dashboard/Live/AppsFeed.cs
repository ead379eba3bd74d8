using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using OrleansPaas.Dashboard.Parts;

namespace OrleansPaas.Dashboard.Live;

/// <summary>The apps list, re-rendered each tick and sent as event <c>apps</c> when it changed.</summary>
public sealed class AppsFeed(DashboardData data, FragmentRenderer renderer, FeedTicks ticks)
{
    public async IAsyncEnumerable<SseItem<string>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var html = await renderer.RenderAsync<AppsTable>(new Dictionary<string, object?> { ["Rows"] = await data.AppsAsync() });
            if (html != last)
            {
                last = html;
                yield return new SseItem<string>(html, "apps");
            }

            if (!await ticks.TryWaitAsync(cancellationToken))
            {
                yield break;
            }
        }
    }
}
