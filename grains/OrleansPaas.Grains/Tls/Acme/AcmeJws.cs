using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace OrleansPaas.Grains.Tls.Acme;

/// <summary>
/// A request body in ACME's flattened JWS JSON serialization (RFC 8555 §6.2): protected header
/// with alg, nonce, url and either the account's JWK (new account) or its URL (kid); an empty
/// payload makes a POST-as-GET.
/// </summary>
public static class AcmeJws
{
    public static string Create(AcmeAccountKey key, string? accountUrl, string nonce, string url, string? payloadJson)
    {
        var header = accountUrl is null
            ? $$"""{"alg":"ES256","jwk":{{key.JwkJson}},"nonce":{{JsonSerializer.Serialize(nonce)}},"url":{{JsonSerializer.Serialize(url)}}}"""
            : $$"""{"alg":"ES256","kid":{{JsonSerializer.Serialize(accountUrl)}},"nonce":{{JsonSerializer.Serialize(nonce)}},"url":{{JsonSerializer.Serialize(url)}}}""";
        var protectedPart = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        var payloadPart = payloadJson is null ? "" : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        var signature = Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes($"{protectedPart}.{payloadPart}")));
        return $$"""{"protected":"{{protectedPart}}","payload":"{{payloadPart}}","signature":"{{signature}}"}""";
    }
}
