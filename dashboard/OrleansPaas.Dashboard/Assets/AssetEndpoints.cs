using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansPaas.Dashboard.Assets;

/// <summary>The page script and style, from the assembly (no static-files folder to deploy). Public: they hold no data.</summary>
public static class AssetEndpoints
{
    private static readonly (string Name, string ContentType)[] Files =
    [
        ("dashboard.js", "text/javascript; charset=utf-8"),
        ("dashboard.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapDashboardAssets(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (name, contentType) in Files)
        {
            var bytes = Load(name);
            endpoints.MapGet($"/dashboard/assets/{name}", (HttpContext http) =>
            {
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.Bytes(bytes, contentType);
            }).ExcludeFromDescription();
        }

        return endpoints;
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(AssetEndpoints).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing; the dashboard csproj embeds Assets/{name} under that LogicalName.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
