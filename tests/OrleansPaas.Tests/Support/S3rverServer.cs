using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A private S3-compatible store for the tests: the npm package <c>s3rver</c> (installed by tests/run.sh into
/// <c>/opt/paas-test-tools</c>, or where <c>PAAS_S3RVER</c> points), on a loopback port with a temporary
/// folder and one bucket. It knows one key pair (<see cref="AccessKey"/>, <see cref="SecretKey"/>) and refuses
/// any other access key (InvalidAccessKeyId); it does not check SigV4 signatures (its authentication.js leaves
/// them unimplemented), so a wrong secret alone is not refused by it: tests of wrong credentials use a wrong key.
/// </summary>
public sealed class S3rverServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string Bucket = "paas-backups";

    private readonly string _dir = Directory.CreateTempSubdirectory("paas-s3rver-").FullName;
    private readonly int _port = FreePorts.Next();
    private BackgroundProcess? _process;

    public string Endpoint => $"http://127.0.0.1:{_port}";

    /// <summary>The node settings that point its backups at this store, with the given access key.</summary>
    public IReadOnlyList<string> Settings(string accessKey = AccessKey) =>
    [
        $"--Paas:Backups:S3:Endpoint={Endpoint}", $"--Paas:Backups:S3:Bucket={Bucket}",
        $"--Paas:Backups:S3:AccessKey={accessKey}", $"--Paas:Backups:S3:SecretKey={SecretKey}",
    ];

    public static string Script => Environment.GetEnvironmentVariable("PAAS_S3RVER")
        ?? "/opt/paas-test-tools/node_modules/s3rver/bin/s3rver.js";

    public async Task StartAsync()
    {
        Assert.True(File.Exists(Script), $"s3rver is not installed at {Script}: run tests/run.sh (or npm install --prefix /opt/paas-test-tools s3rver@3.7.1)");
        _process = BackgroundProcess.Start("node", [Script, "-d", Path.Combine(_dir, "data"), "-a", "127.0.0.1", "-p", _port.ToString(), "--configure-bucket", Bucket],
            _dir, new Dictionary<string, string>());
        await Poll.UntilAsync(async () =>
        {
            using var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync("127.0.0.1", _port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), $"s3rver to listen on {_port}: {_process.Output}");
    }

    /// <summary>A client of the store itself, to check what is in the bucket without the platform.</summary>
    public AmazonS3Client Client() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>Every key in the bucket under <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> KeysAsync(string prefix)
    {
        using var client = Client();
        var response = await client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket, Prefix = prefix });
        return (response.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public ValueTask DisposeAsync()
    {
        _process?.Dispose();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
