using System.Net.Http.Headers;
using System.Reflection;
using OrleansPaas.Cli.Settings;

namespace OrleansPaas.Cli.Api;

/// <summary>Builds the <see cref="PaasClient"/> for resolved settings.</summary>
internal static class PaasClientFactory
{
    // Only connecting is bounded: logs -t, run and a restart of a big app may legitimately take long,
    // and Ctrl-C cancels those.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static PaasClient Create(CliSettings settings)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
        var http = new HttpClient(handler)
        {
            // A trailing slash keeps a path prefix in PAAS_URL (behind a reverse proxy) when joining "api/…".
            BaseAddress = new Uri(settings.Url + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (settings.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var version = typeof(PaasClientFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("paas", version));
        return new PaasClient(http, settings.Url);
    }
}
