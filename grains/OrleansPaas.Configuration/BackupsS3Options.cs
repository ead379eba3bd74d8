namespace OrleansPaas.Configuration;

/// <summary>
/// The optional S3-compatible copy of every service backup (<c>Paas:Backups:S3</c>): unset <see cref="Endpoint"/>
/// or <see cref="Bucket"/> → backups stay in the directory only. The bucket must exist.
/// </summary>
public sealed class BackupsS3Options
{
    /// <summary>The store's URL, e.g. <c>https://s3.eu-west-1.amazonaws.com</c> or <c>http://127.0.0.1:9000</c>.</summary>
    public string? Endpoint { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>The region the requests are signed for; most S3-compatible stores accept the default.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Path-style addresses (<c>endpoint/bucket/key</c>) rather than virtual-host ones (<c>bucket.endpoint/key</c>):
    /// the default, since self-hosted stores (MinIO, Garage, SeaweedFS) expect it; false for AWS's own endpoints if wanted.
    /// </summary>
    public bool PathStyle { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Bucket);
}
