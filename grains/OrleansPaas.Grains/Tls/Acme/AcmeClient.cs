using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrleansPaas.Grains.Tls.Acme;

/// <summary>
/// A small RFC 8555 client: directory, nonces (a badNonce answer is retried with the fresh nonce
/// the server sent along, as servers do send them), account, orders, authorizations, HTTP-01
/// challenges, finalize and download. Every request is a JWS signed with the account key.
/// Written by hand: no .NET ACME library is available to the project (see the note).
/// </summary>
public sealed class AcmeClient(HttpClient http, Uri directoryUrl, AcmeAccountKey key)
{
    private const int NonceRetries = 8;
    private static readonly MediaTypeHeaderValue JoseJson = new("application/jose+json");

    private JsonDocument? _directory;
    private string? _nonce;
    private string? _account;

    public AcmeAccountKey Key => key;

    /// <summary>Finds or creates the account of this key (newAccount answers the existing one for a known key).</summary>
    public async Task RegisterAsync(string? email, CancellationToken cancellationToken)
    {
        var contact = string.IsNullOrWhiteSpace(email) ? "" : $""","contact":[{JsonSerializer.Serialize("mailto:" + email.Trim())}]""";
        var (response, _) = await PostAsync(await EndpointAsync("newAccount", cancellationToken), $$"""{"termsOfServiceAgreed":true{{contact}}}""",
            useJwk: true, cancellationToken);
        _account = response.Headers.Location?.ToString() ?? throw new AcmeProblemException("", "the ACME server sent no account URL", (int)response.StatusCode);
    }

    public async Task<AcmeOrder> NewOrderAsync(IEnumerable<string> hosts, CancellationToken cancellationToken)
    {
        var identifiers = string.Join(',', hosts.Select(h => $$"""{"type":"dns","value":{{JsonSerializer.Serialize(h)}}}"""));
        var (response, body) = await PostAsync(await EndpointAsync("newOrder", cancellationToken), $$"""{"identifiers":[{{identifiers}}]}""",
            useJwk: false, cancellationToken);
        var url = response.Headers.Location ?? throw new AcmeProblemException("", "the ACME server sent no order URL", (int)response.StatusCode);
        using var json = JsonDocument.Parse(body);
        return AcmeOrder.Read(url, json.RootElement);
    }

    public async Task<AcmeOrder> GetOrderAsync(Uri url, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse((await PostAsync(url, null, useJwk: false, cancellationToken)).Body);
        return AcmeOrder.Read(url, json.RootElement);
    }

    public async Task<AcmeAuthorization> GetAuthorizationAsync(Uri url, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse((await PostAsync(url, null, useJwk: false, cancellationToken)).Body);
        return AcmeAuthorization.Read(json.RootElement);
    }

    /// <summary>Tells the server the answer is in place and it may validate (an empty JSON object, RFC 8555 §7.5.1).</summary>
    public Task AnswerChallengeAsync(AcmeChallenge challenge, CancellationToken cancellationToken) =>
        PostAsync(challenge.Url, "{}", useJwk: false, cancellationToken);

    public async Task<AcmeOrder> FinalizeAsync(AcmeOrder order, byte[] csrDer, CancellationToken cancellationToken)
    {
        var csr = System.Buffers.Text.Base64Url.EncodeToString(csrDer);
        using var json = JsonDocument.Parse((await PostAsync(order.Finalize, $$"""{"csr":"{{csr}}"}""", useJwk: false, cancellationToken)).Body);
        return AcmeOrder.Read(order.Url, json.RootElement);
    }

    /// <summary>The issued chain as PEM, leaf first.</summary>
    public async Task<string> DownloadCertificateAsync(Uri url, CancellationToken cancellationToken) =>
        (await PostAsync(url, null, useJwk: false, cancellationToken, accept: "application/pem-certificate-chain")).Body;

    private async Task<Uri> EndpointAsync(string name, CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            using var response = await http.GetAsync(directoryUrl, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new AcmeProblemException("", $"the ACME directory {directoryUrl} answered {(int)response.StatusCode}", (int)response.StatusCode);
            }

            _directory = JsonDocument.Parse(body);
        }

        return _directory.RootElement.TryGetProperty(name, out var url)
            ? new Uri(url.GetString()!)
            : throw new AcmeProblemException("", $"the ACME directory names no {name}", 0);
    }

    private async Task<string> NonceAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _nonce, null) is { } kept)
        {
            return kept;
        }

        using var request = new HttpRequestMessage(HttpMethod.Head, await EndpointAsync("newNonce", cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        return response.Headers.TryGetValues("Replay-Nonce", out var values) ? values.First()
            : throw new AcmeProblemException("", "the ACME server sent no nonce", (int)response.StatusCode);
    }

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(Uri url, string? payloadJson, bool useJwk,
        CancellationToken cancellationToken, string? accept = null)
    {
        if (!useJwk && _account is null)
        {
            throw new InvalidOperationException("register the account first");
        }

        for (var attempt = 1; ; attempt++)
        {
            var body = AcmeJws.Create(key, useJwk ? null : _account, await NonceAsync(cancellationToken), url.ToString(), payloadJson);
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = JoseJson;
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            var response = await http.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Replay-Nonce", out var nonces))
            {
                _nonce = nonces.First();
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (response, text);
            }

            var problem = Problem(text, (int)response.StatusCode);
            response.Dispose();
            if (problem.Type != AcmeProblemException.BadNonce || attempt >= NonceRetries)
            {
                throw problem;
            }
        }
    }

    private static AcmeProblemException Problem(string body, int status)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var type = json.RootElement.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            var detail = json.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            return new AcmeProblemException(type, detail, status);
        }
        catch (JsonException)
        {
            return new AcmeProblemException("", $"the ACME server answered {status}: {body[..Math.Min(body.Length, 200)]}", status);
        }
    }
}
