using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>Paas:Storage:HostRoots are directories of the node, named from the root: a relative one would depend on where the node was started.</summary>
public sealed class StorageValidator : IValidateOptions<PaasOptions>
{
    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        var relative = (options.Storage.HostRoots ?? []).Where(r => !r.Trim().StartsWith('/')).ToList();
        return relative.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Paas:Storage:HostRoots must be absolute directories (not {string.Join(", ", relative.Select(r => $"'{r}'"))}).");
    }
}
