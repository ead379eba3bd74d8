using Microsoft.Extensions.Logging;

namespace OrleansPaas.Gateway.Tls;

internal static partial class TlsLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "The certificate of {App} cannot be served: {Reason}")]
    public static partial void CertificateUnusable(ILogger logger, string app, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway TLS at version {Version} ({Apps} certificate(s), {Challenges} ACME answer(s))")]
    public static partial void Applied(ILogger logger, long version, int apps, int challenges);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS table not reachable yet: {Reason}")]
    public static partial void PollFailed(ILogger logger, string reason);
}
