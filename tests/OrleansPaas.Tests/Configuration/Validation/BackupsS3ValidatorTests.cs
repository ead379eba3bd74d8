using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Tests.Configuration.Validation;

public sealed class BackupsS3ValidatorTests
{
    private readonly BackupsS3Validator _validator = new();

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("http://127.0.0.1:9000", "backups", "key", "secret")]
    [InlineData("https://s3.eu-west-1.amazonaws.com", "backups", null, null)]
    public void Validate_UnsetOrWhole_Succeeds(string? endpoint, string? bucket, string? accessKey, string? secretKey) =>
        Assert.True(_validator.Validate(null, Options(endpoint, bucket, accessKey, secretKey)).Succeeded);

    [Fact]
    public void Validate_EndpointWithoutBucket_SaysSo() =>
        Assert.Equal(["Paas:Backups:S3:Endpoint is set but Paas:Backups:S3:Bucket is not: set both (an existing bucket) or neither."],
            _validator.Validate(null, Options("http://127.0.0.1:9000", null, null, null)).Failures);

    [Fact]
    public void Validate_NotAUrlAndKeyWithoutSecret_SaysBoth()
    {
        var failures = _validator.Validate(null, Options("minio:9000", "backups", "key", null)).Failures!.ToList();

        Assert.Equal(2, failures.Count);
        Assert.Contains("must be an http:// or https:// URL, not 'minio:9000'", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Paas:Backups:S3:AccessKey and Paas:Backups:S3:SecretKey go together", failures[1], StringComparison.Ordinal);
    }

    private static PaasOptions Options(string? endpoint, string? bucket, string? accessKey, string? secretKey) =>
        new() { Backups = { S3 = new BackupsS3Options { Endpoint = endpoint, Bucket = bucket, AccessKey = accessKey, SecretKey = secretKey } } };
}
