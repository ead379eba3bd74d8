using System.Globalization;
using OrleansPaas.Contracts.Processes;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Ps;

/// <summary>Human output for a formation and its instances, shared by the ps:* commands and apps:info.</summary>
internal static class ProcessPrinter
{
    // Docker's short container id: enough to find the container with `docker ps`.
    private const int ShortIdLength = 12;

    public static string Formation(IReadOnlyDictionary<string, int> formation) =>
        formation.Count == 0 ? "none" : string.Join(' ', formation.Select(p => $"{p.Key}={p.Value}"));

    public static void Report(TextWriter writer, string app, ProcessReport report)
    {
        writer.Header($"{app} ps information");
        writer.KeyValues(
        [
            ("Status", report.Status),
            ("Formation", Formation(report.Formation)),
            ("Instances", report.Instances.Count.ToString()),
            .. Sleep(report.Sleep, DateTimeOffset.Now),
            .. Placement(report),
        ]);
        Instances(writer, app, report.Instances);
    }

    /// <summary>Why the app runs where it does (its storage) and the privileges it was given; nothing when neither applies.</summary>
    private static IEnumerable<(string Key, string Value)> Placement(ProcessReport report)
    {
        if (report.Placement is { } placement)
        {
            yield return ("Placement", placement);
        }

        // An older server sends neither list (null after reading): nothing to show.
        if (report.CapAdd is { Count: > 0 } capabilities)
        {
            yield return ("Cap add", string.Join(' ', capabilities));
        }

        if (report.Devices is { Count: > 0 } devices)
        {
            yield return ("Devices", string.Join(' ', devices));
        }
    }

    /// <summary>The sleep lines of ps:report: the idle time and where it comes from, and the last wake with its figures.</summary>
    public static IReadOnlyList<(string Key, string Value)> Sleep(SleepView? sleep, DateTimeOffset now)
    {
        if (sleep is null)
        {
            return [];
        }

        var lines = new List<(string Key, string Value)>
        {
            ("Sleep after", sleep.SleepAfterSource == "default" ? $"{sleep.SleepAfter} (default)" : sleep.SleepAfter),
            ("Sleep page", sleep.SleepPage ? "on" : "off"),
        };
        if (sleep.SleepAfter != "off" || sleep.State != "awake")
        {
            lines.Add(("Sleep state", sleep.State));
            if (sleep.State == "sleeping" && sleep.SleptAt is { } slept)
            {
                lines.Add(("Asleep since", RelativeTime.Format(slept, now)));
            }
            else if (sleep.IdleSince is { } idle)
            {
                lines.Add(("Idle since", RelativeTime.Format(idle, now)));
            }
        }

        if (sleep.LastWake is { } wake)
        {
            lines.Add(("Last wake", $"{RelativeTime.Format(wake.At, now)} (wake {wake.Number} of {sleep.Wakes})"));
            lines.Add(wake.Failure is { } failure
                ? ("Wake failed", failure)
                : ("Wake figures", string.Create(CultureInfo.InvariantCulture,
                    $"instances up in {wake.StartMs ?? 0:0} ms, first response after {(wake.FirstResponseMs is { } first ? $"{first:0} ms" : "-")}, {wake.HeldRequests} request(s) held")));
        }

        return lines;
    }

    /// <summary>
    /// The instances table, then the last output of every instance that crashed, so that
    /// <c>ps:report</c> answers "why does it keep restarting?" without a trip to the logs.
    /// </summary>
    public static void Instances(TextWriter writer, string app, IReadOnlyList<InstanceView> instances)
    {
        if (instances.Count == 0)
        {
            return;
        }

        writer.Header($"{app} instances");
        writer.WriteTable(
            ["NAME", "STATE", "RELEASE", "RESTARTS", "LAST EXIT", "NODE", "ENDPOINT", "CONTAINER"],
            instances.Select(i => new[]
            {
                i.Name,
                i.State,
                $"v{i.Release}",
                i.Restarts?.ToString(CultureInfo.InvariantCulture) ?? "-",
                i.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-",
                string.IsNullOrEmpty(i.Node) ? "-" : i.Node,
                i.Endpoint ?? "-",
                i.Id.Length > ShortIdLength ? i.Id[..ShortIdLength] : i.Id,
            }));

        foreach (var instance in instances.Where(i => i.LastOutput is { Count: > 0 }))
        {
            var exit = instance.LastExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $", exit {code}") : "";
            writer.Header($"{app} crash output ({instance.Name}{exit})");
            // An entry may itself hold line breaks; each line keeps the indent so the section stays readable.
            foreach (var line in instance.LastOutput!.SelectMany(l => l.TrimEnd('\r', '\n').ReplaceLineEndings("\n").Split('\n')))
            {
                writer.WriteLine((DokkuOutput.Indent + line).TrimEnd());
            }
        }
    }
}
