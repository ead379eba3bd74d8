using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OrleansPaas.Resources;

namespace OrleansPaas.Configuration.Validation;

/// <summary>The limits every app's containers get unless the app sets its own.</summary>
public sealed partial class DeployValidator : IValidateOptions<PaasOptions>
{
    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        var deploy = options.Deploy;
        var problems = new List<string>();
        if (deploy.CpuLimit * CpuAmount.NanosPerCore < CpuAmount.SmallestNanos || deploy.CpuLimit > 1024)
        {
            problems.Add($"Paas:Deploy:CpuLimit must be between 0.01 and 1024 cores (it is {deploy.CpuLimit}).");
        }

        if (deploy.MemoryLimitMiB < MemorySize.SmallestBytes >> 20)
        {
            problems.Add($"Paas:Deploy:MemoryLimitMiB must be at least {MemorySize.SmallestBytes >> 20} (it is {deploy.MemoryLimitMiB}).");
        }

        if (deploy.PidsLimit < 1)
        {
            problems.Add($"Paas:Deploy:PidsLimit must be at least 1 (it is {deploy.PidsLimit}).");
        }

        if (deploy.Capabilities?.FirstOrDefault(c => !CapabilityName().IsMatch(c)) is { } bad)
        {
            problems.Add($"Paas:Deploy:Capabilities holds '{bad}', which is not a capability name such as NET_BIND_SERVICE.");
        }

        if (deploy.DiskLimit is { } disk && MemorySize.TryParse(disk, out _) is not null)
        {
            problems.Add($"Paas:Deploy:DiskLimit must be a size such as 2g or 512m (it is '{disk}').");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    [GeneratedRegex("^[A-Z][A-Z_]{1,31}$")]
    private static partial Regex CapabilityName();
}
