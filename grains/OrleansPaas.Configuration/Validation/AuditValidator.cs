using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>The audit trail's limits: a trail that keeps nothing would record nothing.</summary>
public sealed class AuditValidator : IValidateOptions<PaasOptions>
{
    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        var problems = new List<string>();
        if (options.Audit.KeepDays < 1)
        {
            problems.Add($"Paas:Audit:KeepDays must be 1 or more (it is {options.Audit.KeepDays}).");
        }

        if (options.Audit.KeepEntries < 1)
        {
            problems.Add($"Paas:Audit:KeepEntries must be 1 or more (it is {options.Audit.KeepEntries}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
