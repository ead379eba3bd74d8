using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>A configured admin token is long enough not to be guessed, and a cluster's nodes share one.</summary>
public sealed class AdminTokenValidator : IValidateOptions<PaasOptions>
{
    /// <summary>A generated token has 64 hex digits.</summary>
    public const int MinimumLength = 32;

    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        if (options.AdminToken is { Length: > 0 and < MinimumLength })
        {
            return ValidateOptionsResult.Fail(
                $"Paas:AdminToken is shorter than {MinimumLength} characters: set a longer secret (e.g. openssl rand -hex 32) or remove it to use the generated one.");
        }

        // Any node takes any push or command, so every node must accept the same token; a token
        // generated per node would make the cluster answer 401 depending on where a request lands.
        if (options.Cluster.IsClusterMode && string.IsNullOrEmpty(options.AdminToken))
        {
            return ValidateOptionsResult.Fail(
                $"Paas:AdminToken must be set to the same secret of at least {MinimumLength} characters on every node of a cluster (e.g. openssl rand -hex 32).");
        }

        return ValidateOptionsResult.Success;
    }
}
