using Microsoft.AspNetCore.Http.Metadata;

namespace OrleansPaas.Gateway.Api;

/// <summary>The cap on an API request body (1 MiB); routing applies it before the body is read.</summary>
public sealed class ApiRequestSizeLimit : IRequestSizeLimitMetadata
{
    public const long Bytes = 1024 * 1024;

    public long? MaxRequestBodySize => Bytes;
}
