using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>Cron's limits: a negative window or a run with no time to run are mistakes.</summary>
public sealed class CronValidator : IValidateOptions<PaasOptions>
{
    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        var problems = new List<string>();
        if (options.Cron.CatchUp < TimeSpan.Zero)
        {
            problems.Add($"Paas:Cron:CatchUp must be zero (never catch up) or more (it is {options.Cron.CatchUp}).");
        }

        // The run streams through grain calls, each bounded by the silo's 15-minute response timeout.
        if (options.Cron.Timeout <= TimeSpan.Zero || options.Cron.Timeout > TimeSpan.FromMinutes(14))
        {
            problems.Add($"Paas:Cron:Timeout must be more than zero and at most 00:14:00 (it is {options.Cron.Timeout}).");
        }

        if (options.Cron.KeepRuns < 1)
        {
            problems.Add($"Paas:Cron:KeepRuns must be 1 or more (it is {options.Cron.KeepRuns}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
