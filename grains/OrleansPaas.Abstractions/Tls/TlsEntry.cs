using OrleansPaas.Tables;

namespace OrleansPaas.Tls;

/// <summary>One app's TLS as every gateway serves it: its certificate, and whether HTTPS answers carry HSTS.</summary>
[GenerateSerializer, Immutable, Alias("paas.TlsEntry")]
public sealed record TlsEntry(
    [property: Id(0)] string App,
    [property: Id(1)] AppCertificate Certificate,
    [property: Id(2)] bool Hsts);

/// <summary>
/// The whole TLS table at one version: every app's certificate and the pending ACME HTTP-01
/// answers (token → key authorization), so any gateway can serve any certificate and answer any challenge.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.TlsSnapshot")]
public sealed record TlsSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<TlsEntry> Apps,
    [property: Id(2)] IReadOnlyDictionary<string, string> Challenges,
    [property: Id(3)] Guid Epoch = default) : ITableSnapshot
{
    public static TlsSnapshot Empty { get; } = new(0, [], new Dictionary<string, string>());
}
