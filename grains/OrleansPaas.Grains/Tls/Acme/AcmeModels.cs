using System.Text.Json;

namespace OrleansPaas.Grains.Tls.Acme;

/// <summary>An order (RFC 8555 §7.1.3): what it is waiting for, and where to finalize and download.</summary>
public sealed record AcmeOrder(Uri Url, string Status, IReadOnlyList<Uri> Authorizations, Uri Finalize, Uri? Certificate, string? Error)
{
    public static AcmeOrder Read(Uri url, JsonElement json) => new(
        url,
        json.GetProperty("status").GetString() ?? "",
        json.TryGetProperty("authorizations", out var list) ? list.EnumerateArray().Select(a => new Uri(a.GetString()!)).ToList() : [],
        new Uri(json.GetProperty("finalize").GetString()!),
        json.TryGetProperty("certificate", out var certificate) ? new Uri(certificate.GetString()!) : null,
        AcmeModels.ErrorOf(json));
}

/// <summary>One host's authorization and its HTTP-01 challenge.</summary>
public sealed record AcmeAuthorization(string Host, string Status, AcmeChallenge? Http01, string? Error)
{
    public static AcmeAuthorization Read(JsonElement json)
    {
        var challenges = json.TryGetProperty("challenges", out var list) ? list.EnumerateArray().ToList() : [];
        var http01 = challenges.FirstOrDefault(c => c.GetProperty("type").GetString() == "http-01");
        var challenge = http01.ValueKind == JsonValueKind.Object
            ? new AcmeChallenge(new Uri(http01.GetProperty("url").GetString()!), http01.GetProperty("token").GetString()!,
                http01.GetProperty("status").GetString() ?? "", AcmeModels.ErrorOf(http01))
            : null;
        // The reason a validation failed is on the challenge; an authorization may carry none itself.
        var error = challenges.Select(AcmeModels.ErrorOf).FirstOrDefault(e => e is not null) ?? AcmeModels.ErrorOf(json);
        return new AcmeAuthorization(json.GetProperty("identifier").GetProperty("value").GetString()!, json.GetProperty("status").GetString() ?? "",
            challenge, error);
    }
}

public sealed record AcmeChallenge(Uri Url, string Token, string Status, string? Error);

internal static class AcmeModels
{
    public static string? ErrorOf(JsonElement json) =>
        json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            ? error.TryGetProperty("detail", out var detail) ? detail.GetString() : error.GetProperty("type").GetString()
            : null;
}
