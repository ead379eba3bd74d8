using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components;

namespace OrleansPaas.Dashboard.Live;

/// <summary>
/// The feed of a page that is one live part (the apps list, the nodes table): the part re-rendered
/// each tick from fresh figures and sent, as event <paramref name="eventName"/>, only when it changed.
/// </summary>
public sealed class PartFeed(FragmentRenderer renderer, FeedTicks ticks)
{
    public async IAsyncEnumerable<SseItem<string>> ReadAsync<TPart>(string eventName, Func<Task<IDictionary<string, object?>>> parameters,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TPart : IComponent
    {
        string? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var html = await renderer.RenderAsync<TPart>(await parameters());
            if (html != last)
            {
                last = html;
                yield return new SseItem<string>(html, eventName);
            }

            if (!await ticks.TryWaitAsync(cancellationToken))
            {
                yield break;
            }
        }
    }
}
