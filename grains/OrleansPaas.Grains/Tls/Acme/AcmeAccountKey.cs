using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OrleansPaas.Grains.Tls.Acme;

/// <summary>
/// The ACME account's key (ECDSA P-256, signing as ES256): its public JWK, its RFC 7638
/// thumbprint (the second half of every HTTP-01 key authorization) and JWS signatures.
/// </summary>
public sealed class AcmeAccountKey : IDisposable
{
    private readonly ECDsa _key;

    public AcmeAccountKey(ECDsa key)
    {
        _key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var x = Base64Url.EncodeToString(parameters.Q.X);
        var y = Base64Url.EncodeToString(parameters.Q.Y);
        // RFC 7638: the required members only, in lexicographic order, no white space.
        JwkJson = $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""";
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(JwkJson)));
    }

    public static AcmeAccountKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static AcmeAccountKey FromPkcs8(byte[] pkcs8)
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return new AcmeAccountKey(key);
    }

    public string JwkJson { get; }

    public string Thumbprint { get; }

    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    /// <summary>What the server must find at <c>/.well-known/acme-challenge/{token}</c> (RFC 8555 §8.1).</summary>
    public string KeyAuthorization(string token) => $"{token}.{Thumbprint}";

    /// <summary>ES256: r‖s, 32 bytes each (RFC 7518 §3.4), which is .NET's IEEE P1363 format.</summary>
    public byte[] Sign(byte[] signingInput) =>
        _key.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
