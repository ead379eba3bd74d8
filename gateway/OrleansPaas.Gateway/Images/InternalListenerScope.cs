using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Images;

/// <summary>
/// The internal listener (<c>Paas:Cluster:InternalPort</c>) is one host with the control port, but
/// serves nothing except transfers between nodes (images, volumes for <c>storage:move</c>, relayed service consoles): a peer holding the cluster certificate has no business
/// with git, the API or the dashboard there, and they must not be reachable around the control
/// port's own TLS and limits.
/// </summary>
public static class InternalListenerScope
{
    public static IApplicationBuilder UseInternalListenerScope(this IApplicationBuilder app)
    {
        var internalPort = app.ApplicationServices.GetRequiredService<IOptions<PaasOptions>>().Value.Cluster.InternalPort;
        return app.Use((context, next) =>
            context.Connection.LocalPort == internalPort && !context.Request.Path.StartsWithSegments(ImageTransferPaths.Prefix.TrimEnd('/'))
                && !context.Request.Path.StartsWithSegments(OrleansPaas.Gateway.Volumes.VolumeTransferPaths.Prefix.TrimEnd('/'))
                && !context.Request.Path.StartsWithSegments(OrleansPaas.Gateway.Consoles.ServiceConsolePaths.Prefix.TrimEnd('/'))
                ? Results.NotFound().ExecuteAsync(context)
                : next(context));
    }
}
