using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace OrleansPaas.Dashboard.Live;

/// <summary>
/// Renders a part of a page (the same Razor component the page itself renders) to HTML for a
/// feed, so a live update is escaped exactly like the first render and there is one template per part.
/// </summary>
public sealed class FragmentRenderer(HtmlRenderer renderer)
{
    public Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent =>
        renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
}
