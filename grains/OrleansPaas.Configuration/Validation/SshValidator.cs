using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary><c>Paas:Ssh:Listen</c> (when set) and <c>Paas:Ssh:User</c>, looked at only when SSH is on.</summary>
public sealed partial class SshValidator : IValidateOptions<PaasOptions>
{
    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        var ssh = options.Ssh;
        if (!ssh.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (ssh.OwnDaemon && (!IPEndPoint.TryParse(ssh.Listen!.Trim(), out var endPoint) || endPoint.Port == 0 || !ssh.Listen.Contains(':')))
        {
            problems.Add($"Paas:Ssh:Listen must be ADDRESS:PORT such as 0.0.0.0:2222 or [::]:2222 (it is '{ssh.Listen}').");
        }

        if (!UserName().IsMatch(ssh.User ?? "") || ssh.User == "root")
        {
            problems.Add($"Paas:Ssh:User must be a system user name other than root (lower-case letters, digits, '_' and '-'; it is '{ssh.User}').");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserName();
}
