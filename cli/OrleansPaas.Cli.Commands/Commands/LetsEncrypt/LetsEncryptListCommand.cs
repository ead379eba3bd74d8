using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.LetsEncrypt;

/// <summary><c>paas letsencrypt:list</c>: apps with Let's Encrypt, their hosts, expiry, next renewal and last failure.</summary>
internal static class LetsEncryptListCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("letsencrypt:list", "List apps with Let's Encrypt certificates, their expiry, renewal and failures");
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var response = await client.ListLetsEncryptAsync(ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var apps = response.Read();
            context.Out.Header("Let's Encrypt");
            if (apps.Count == 0)
            {
                context.Out.Note("No app uses Let's Encrypt: paas letsencrypt:enable NAME");
                return 0;
            }

            context.Out.WriteTable(
                ["APP", "HOSTS", "EXPIRES", "RENEWS", "LAST FAILURE"],
                apps.Select(a => new[]
                {
                    a.App,
                    a.ServedHosts.Count == 0 ? "-" : string.Join(' ', a.ServedHosts),
                    a.NotAfter?.ToString("yyyy-MM-dd HH:mm") ?? "-",
                    a.RenewsAt?.ToString("yyyy-MM-dd HH:mm") ?? "-",
                    a.LastFailure is { } failure ? $"{a.LastFailureAt:yyyy-MM-dd HH:mm} {failure}" : "-",
                }));
            return 0;
        });
        return command;
    }
}
