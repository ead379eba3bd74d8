using Microsoft.AspNetCore.Http.Metadata;

namespace OrleansPaas.Gateway.Api;

/// <summary>Lifts <see cref="ApiRequestSizeLimit"/> for a route whose body is streamed to disk, never held (an import's dump).</summary>
public sealed class UnlimitedRequestSize : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => null;
}
