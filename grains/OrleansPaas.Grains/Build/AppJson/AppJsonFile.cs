using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Cron;

namespace OrleansPaas.Grains.Build.AppJson;

/// <summary>
/// Reads <c>app.json</c>'s deploy scripts (<c>scripts.dokku.predeploy</c> / <c>postdeploy</c>, and
/// Heroku's <c>scripts.postdeploy</c>), <c>formation</c> (<c>{"web": {"quantity": 2}}</c>) and
/// <c>cron</c> (<c>[{"command": "…", "schedule": "*/5 * * * *"}]</c>), as Dokku writes them. Every
/// problem is reported at once, before the build; health checks are <see cref="AppJsonHealthChecks"/>.
/// </summary>
public static class AppJsonFile
{
    public static (AppJsonSettings Settings, string? Error) Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return (AppJsonSettings.None, $"{AppJsonHealthChecks.FileName} is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (AppJsonSettings.None, null);
            }

            var errors = new List<string>();
            var (predeploy, postdeploy) = Scripts(root, errors);
            var settings = new AppJsonSettings(predeploy, postdeploy, Formation(root, errors), Cron(root, errors));
            return errors.Count > 0 ? (AppJsonSettings.None, string.Join("; ", errors)) : (settings, null);
        }
    }

    /// <summary>A job's id: a hash of its schedule and command, so it is the same across deploys that keep the job.</summary>
    public static string CronId(string schedule, string command) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{schedule.Trim()}\n{command}")))[..8];

    private static (string? Predeploy, string? Postdeploy) Scripts(JsonElement root, List<string> errors)
    {
        if (!root.TryGetProperty("scripts", out var scripts) || scripts.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        // Heroku's scripts.postdeploy; Dokku's scripts.dokku.* win where both are given.
        var postdeploy = Script(scripts, "postdeploy", "scripts", errors);
        string? predeploy = null;
        if (scripts.TryGetProperty("dokku", out var dokku) && dokku.ValueKind == JsonValueKind.Object)
        {
            predeploy = Script(dokku, "predeploy", "scripts.dokku", errors);
            postdeploy = Script(dokku, "postdeploy", "scripts.dokku", errors) ?? postdeploy;
        }

        return (predeploy, postdeploy);
    }

    private static string? Script(JsonElement parent, string name, string where, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{AppJsonHealthChecks.FileName}: {where}.{name} must be a command (a string)");
            return null;
        }

        return string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString();
    }

    private static Dictionary<string, int> Formation(JsonElement root, List<string> errors)
    {
        var formation = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!root.TryGetProperty("formation", out var types))
        {
            return formation;
        }

        if (types.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{AppJsonHealthChecks.FileName}: formation must be an object, e.g. {{\"web\": {{\"quantity\": 2}}}}");
            return formation;
        }

        foreach (var type in types.EnumerateObject())
        {
            if (type.Value.ValueKind != JsonValueKind.Object || !type.Value.TryGetProperty("quantity", out var quantity))
            {
                continue; // Only the quantity is read (Dokku ignores size and the like too).
            }

            if (quantity.ValueKind == JsonValueKind.Number && quantity.TryGetInt32(out var count) && count is >= 0 and <= Deploy.FormationChange.MostInstances)
            {
                formation[type.Name] = count;
            }
            else
            {
                errors.Add($"{AppJsonHealthChecks.FileName}: formation.{type.Name}.quantity must be a whole number from 0 to {Deploy.FormationChange.MostInstances}");
            }
        }

        return formation;
    }

    private static List<CronJob> Cron(JsonElement root, List<string> errors)
    {
        var jobs = new List<CronJob>();
        if (!root.TryGetProperty("cron", out var entries) || entries.ValueKind == JsonValueKind.Null)
        {
            return jobs;
        }

        if (entries.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{AppJsonHealthChecks.FileName}: cron must be a list of {{\"command\": …, \"schedule\": …}}");
            return jobs;
        }

        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            index++;
            var where = $"{AppJsonHealthChecks.FileName}: cron[{index}]";
            var command = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var schedule = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("schedule", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (string.IsNullOrWhiteSpace(command))
            {
                errors.Add($"{where}.command must be the command to run");
            }

            if (CronSchedule.TryParse(schedule, out var problem) is null)
            {
                errors.Add($"{where}.schedule: {problem}");
            }

            if (!string.IsNullOrWhiteSpace(command) && problem is null)
            {
                var id = CronId(schedule!, command);
                if (jobs.Any(j => j.Id == id))
                {
                    errors.Add($"{where} repeats an earlier job (same schedule and command)");
                    continue;
                }

                jobs.Add(new CronJob(id, schedule!.Trim(), command));
            }
        }

        return jobs;
    }
}
