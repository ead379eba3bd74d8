using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>
/// The S3 backup target's settings: half of them (an endpoint without a bucket, a key without its secret) would
/// leave backups silently uncopied or every upload refused, so the node refuses to start and says which is missing.
/// </summary>
public sealed class BackupsS3Validator : IValidateOptions<PaasOptions>
{
    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        var s3 = options.Backups.S3;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(s3.Endpoint) != string.IsNullOrWhiteSpace(s3.Bucket))
        {
            problems.Add(string.IsNullOrWhiteSpace(s3.Bucket)
                ? "Paas:Backups:S3:Endpoint is set but Paas:Backups:S3:Bucket is not: set both (an existing bucket) or neither."
                : "Paas:Backups:S3:Bucket is set but Paas:Backups:S3:Endpoint is not: set both (e.g. https://s3.eu-west-1.amazonaws.com) or neither.");
        }

        if (!string.IsNullOrWhiteSpace(s3.Endpoint)
            && !(Uri.TryCreate(s3.Endpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
        {
            problems.Add($"Paas:Backups:S3:Endpoint must be an http:// or https:// URL, not '{s3.Endpoint}'.");
        }

        if (string.IsNullOrEmpty(s3.AccessKey) != string.IsNullOrEmpty(s3.SecretKey))
        {
            problems.Add("Paas:Backups:S3:AccessKey and Paas:Backups:S3:SecretKey go together: set both or neither (neither: anonymous requests).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
