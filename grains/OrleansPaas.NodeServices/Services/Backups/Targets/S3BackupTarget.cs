using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Services.Backups.Targets;

/// <summary>
/// An S3-compatible bucket (<c>Paas:Backups:S3</c>) as a target, through the AWS SDK (signing, retries). Keys follow
/// <see cref="BackupKeys"/>; downloads go to the directory's partial files. Each object is one signed PUT without
/// chunked (<c>aws-chunked</c>) bodies, which not every S3-compatible store understands; S3 allows up to 5 GB per PUT.
/// </summary>
public sealed class S3BackupTarget(IOptions<PaasOptions> options, BackupStore store) : IBackupTarget, IDisposable
{
    public const string TargetName = "s3";

    private readonly Lazy<AmazonS3Client> _client = new(() => CreateClient(options.Value.Backups.S3));

    public string Name => TargetName;

    private string Bucket => options.Value.Backups.S3.Bucket!;

    private AmazonS3Client Client => _client.Value;

    public async Task StoreAsync(ServiceBackupManifest manifest, string dump, CancellationToken cancellationToken)
    {
        await Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = BackupKeys.Dump(manifest.Service, manifest.File),
            FilePath = dump,
            UseChunkEncoding = false,
        }, cancellationToken);
        await SaveManifestAsync(manifest, cancellationToken);
    }

    public async Task SaveManifestAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(BackupStore.ToJson(manifest));
        await Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = BackupKeys.Manifest(manifest.Service, manifest.Id),
            InputStream = body,
            ContentType = "application/json",
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    public async Task<IReadOnlySet<string>> IdsAsync(string service, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = BackupKeys.Prefix(service) };
        ListObjectsV2Response response;
        do
        {
            response = await Client.ListObjectsV2Async(request, cancellationToken);
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return BackupKeys.WholeBackups(service, keys);
    }

    public async Task<ServiceBackupManifest?> FindAsync(string service, string id, CancellationToken cancellationToken)
    {
        if (!BackupStore.IsId(id))
        {
            return null;
        }

        try
        {
            using var response = await Client.GetObjectAsync(Bucket, BackupKeys.Manifest(service, id), cancellationToken);
            return await BackupStore.FromJsonAsync(response.ResponseStream, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<LocalDump> FetchAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken)
    {
        var path = store.PartialPath(manifest.Service, "s3-" + manifest.Id);
        var dump = new LocalDump(path, temporary: true);
        try
        {
            using var response = await Client.GetObjectAsync(Bucket, BackupKeys.Dump(manifest.Service, manifest.File), cancellationToken);
            await response.WriteResponseStreamToFileAsync(path, append: false, cancellationToken);
            return dump;
        }
        catch
        {
            dump.Dispose();
            throw;
        }
    }

    public async Task DeleteAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken)
    {
        // The manifest first: a backup without one is not listed, so a failure between the two leaves no half backup listed.
        await Client.DeleteObjectAsync(Bucket, BackupKeys.Manifest(manifest.Service, manifest.Id), cancellationToken);
        await Client.DeleteObjectAsync(Bucket, BackupKeys.Dump(manifest.Service, manifest.File), cancellationToken);
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private static AmazonS3Client CreateClient(BackupsS3Options s3)
    {
        AWSCredentials credentials = string.IsNullOrEmpty(s3.AccessKey)
            ? new AnonymousAWSCredentials()
            : new BasicAWSCredentials(s3.AccessKey, s3.SecretKey ?? "");
        return new AmazonS3Client(credentials, new AmazonS3Config
        {
            ServiceURL = s3.Endpoint,
            AuthenticationRegion = s3.Region,
            ForcePathStyle = s3.PathStyle,
            // Checksums only where S3 requires them: several S3-compatible stores refuse the SDK's default trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
        });
    }
}
