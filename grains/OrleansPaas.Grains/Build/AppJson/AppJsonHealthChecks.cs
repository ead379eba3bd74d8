using System.Text.Json;
using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Build.AppJson;

/// <summary>
/// Reads <c>healthchecks.web</c> from <c>app.json</c> (Dokku's format: <c>path</c>, <c>content</c>,
/// <c>attempts</c>, <c>timeout</c>, <c>wait</c>, <c>initialDelay</c>, in seconds). Every problem is
/// reported at once, so a user fixes the file in one go.
/// </summary>
public static class AppJsonHealthChecks
{
    public const string FileName = "app.json";

    public static (IReadOnlyList<HealthCheck> Checks, string? Error) Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return ([], $"{FileName} is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("healthchecks", out var healthchecks)
                || healthchecks.ValueKind != JsonValueKind.Object
                || !healthchecks.TryGetProperty("web", out var web))
            {
                return ([], null);
            }

            if (web.ValueKind != JsonValueKind.Array)
            {
                return ([], $"{FileName}: healthchecks.web must be a list");
            }

            var checks = new List<HealthCheck>();
            var errors = new List<string>();
            var index = 0;
            foreach (var entry in web.EnumerateArray())
            {
                index++;
                var where = $"{FileName}: healthchecks.web[{index}]";
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{where} must be an object");
                    continue;
                }

                var type = Text(entry, "type");
                if (type is not null and not "startup")
                {
                    continue; // liveness/readiness checks after start are not run yet; startup checks gate deploys.
                }

                var path = Text(entry, "path") ?? "/";
                if (!path.StartsWith('/'))
                {
                    errors.Add($"{where}.path must start with '/'");
                }

                var attempts = Number(entry, "attempts", 3, errors, where);
                var timeout = Number(entry, "timeout", 5, errors, where);
                var wait = Number(entry, "wait", 5, errors, where);
                var initialDelay = Number(entry, "initialDelay", 0, errors, where);
                checks.Add(new HealthCheck(Text(entry, "name") ?? $"check {index}", path, Text(entry, "content"),
                    Math.Max(1, attempts), TimeSpan.FromSeconds(Math.Max(1, timeout)), TimeSpan.FromSeconds(wait), TimeSpan.FromSeconds(initialDelay)));
            }

            return errors.Count > 0 ? ([], string.Join("; ", errors)) : (checks, null);
        }
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Number(JsonElement entry, string name, int fallback, List<string> errors, string where)
    {
        if (!entry.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number is >= 0 and <= 3600)
        {
            return number;
        }

        errors.Add($"{where}.{name} must be a whole number of seconds (0–3600)");
        return fallback;
    }
}
