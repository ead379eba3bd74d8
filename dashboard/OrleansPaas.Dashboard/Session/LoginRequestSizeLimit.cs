using Microsoft.AspNetCore.Http.Metadata;

namespace OrleansPaas.Dashboard.Session;

/// <summary>
/// The cap on a login post (16 KiB: a token, a return path and the antiforgery field need well under
/// 1 KiB). Routing applies it before anything reads the form; the server's default would be 30 MB.
/// </summary>
public sealed class LoginRequestSizeLimit : IRequestSizeLimitMetadata
{
    public const long Bytes = 16 * 1024;

    public long? MaxRequestBodySize => Bytes;
}
