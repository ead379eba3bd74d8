using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Cron;

/// <summary><c>paas cron:run NAME ID</c> (Dokku's name): starts a job now; its output goes to the app's logs as <c>cron.ID</c>.</summary>
internal static class CronRunCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var id = new Argument<string>("id") { Description = "The job's id (cron:list)" };
        var command = new Command("cron:run", "Run one of an app's cron jobs now (its output is in the app's logs as cron.ID)") { app, id };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var job = parseResult.GetRequiredValue(id);
            using var client = context.CreateClient();
            var response = await client.RunCronAsync(name, job, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            response.Read();
            context.Out.Step($"Started cron job {job} of {name}; see its output with: paas logs {name}");
            return 0;
        });
        return command;
    }
}
