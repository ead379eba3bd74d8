using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>An <c>https://</c> control URL has a certificate to serve: a readable PEM pair, or a host to order one for.</summary>
public sealed class ControlCertificateValidator : IValidateOptions<PaasOptions>
{
    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        if (!options.ControlUrls.Contains("https://", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Success;
        }

        if (options.ControlCertificate.IsSet)
        {
            try
            {
                using var certificate = X509Certificate2.CreateFromPemFile(options.ControlCertificate.Path!, options.ControlCertificate.KeyPath);
                return ValidateOptionsResult.Success;
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                return ValidateOptionsResult.Fail($"Paas:ControlCertificate:Path / KeyPath could not be read as a PEM certificate and its key: {OneLine.Of(ex.Message)}.");
            }
        }

        return string.IsNullOrWhiteSpace(options.ControlHost)
            ? ValidateOptionsResult.Fail("Paas:ControlUrls has an https:// URL: set Paas:ControlCertificate:Path and :KeyPath (PEM), or Paas:ControlHost for a certificate from ACME.")
            : ValidateOptionsResult.Success;
    }
}
