using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace OrleansPaas.Dashboard.Live;

/// <summary>
/// Renders a part of a page (the same Razor component the page itself renders) to HTML for a
/// feed, so a live update is escaped exactly like the first render and there is one template per part.
/// </summary>
public sealed class FragmentRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        // A renderer per render: one kept for the process would hold every root component it ever
        // rendered (feeds render twice a second per open page) until it is disposed.
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }
}
