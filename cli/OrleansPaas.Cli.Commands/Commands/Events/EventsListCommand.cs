using System.CommandLine;
using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.Events;

namespace OrleansPaas.Cli.Commands.Events;

/// <summary>
/// <c>paas events:list [--app APP] [-n N] [-t]</c> (Dokku's <c>events</c>): the audit trail, oldest first;
/// <c>-t</c> keeps printing new entries until Ctrl-C, asking every two seconds for those after the last one shown.
/// </summary>
internal static class EventsListCommand
{
    private static readonly TimeSpan FollowEvery = TimeSpan.FromSeconds(2);

    public static Command Create(CommandContext context)
    {
        var app = new Option<string?>("--app") { Description = "Only this app's entries" };
        var lines = new Option<int>("--num", "-n") { Description = "How many of the newest entries to print (default 100)", DefaultValueFactory = _ => 100 };
        var tail = new Option<bool>("--tail", "-t") { Description = "Keep printing new entries until Ctrl-C" };
        var command = new Command("events:list", "Show the audit trail: who changed what, from where, and how it ended") { app, lines, tail };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var only = parseResult.GetValue(app);
            var response = await client.ListEventsAsync(only, 0, parseResult.GetValue(lines), ct);
            if (context.WantsJson(parseResult) && !parseResult.GetValue(tail))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var entries = response.Read();
            Print(context.Out, entries);
            if (!parseResult.GetValue(tail))
            {
                return 0;
            }

            var last = entries.Count > 0 ? entries[^1].Sequence : 0;
            try
            {
                while (true)
                {
                    await Task.Delay(FollowEvery, ct);
                    var fresh = (await client.ListEventsAsync(only, last, 1000, ct)).Read();
                    Print(context.Out, fresh);
                    last = fresh.Count > 0 ? fresh[^1].Sequence : last;
                    await context.Out.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C is how a user leaves -t: a normal end.
            }

            return 0;
        });
        return command;
    }

    private static void Print(TextWriter writer, IReadOnlyList<EventView> entries)
    {
        foreach (var entry in entries)
        {
            var at = entry.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            writer.WriteLine(SingleLine.From($"{at} {entry.Actor} {entry.Source} {entry.Action} {entry.App ?? "-"} {entry.Outcome}{(entry.Detail is null ? "" : " " + entry.Detail)}"));
        }
    }
}
