using System.Text.Json;
using OrleansPaas.Contracts;
using OrleansPaas.Contracts.Problems;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Api;

/// <summary>Turns an error answer into the one line the CLI prints.</summary>
internal static class ProblemMessage
{
    public const string TokenRefused = "the token was refused; set PAAS_TOKEN to the admin token";

    public static string From(int status, string? reasonPhrase, string body)
    {
        // The token is the one thing the user must fix on their side, whatever the server says.
        if (status == 401)
        {
            return TokenRefused;
        }

        if (TryParse(body) is { } problem)
        {
            // The API promises `detail` is a sentence a person can act on; prefer it over everything.
            if (!string.IsNullOrWhiteSpace(problem.Detail))
            {
                return SingleLine.From(problem.Detail);
            }

            if (problem.Errors is { Count: > 0 } errors)
            {
                return SingleLine.From(string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
            }

            if (!string.IsNullOrWhiteSpace(problem.Title))
            {
                return SingleLine.From(problem.Title);
            }
        }

        return SingleLine.From($"OrleansPaas answered {status} {reasonPhrase}".TrimEnd());
    }

    private static ProblemDocument? TryParse(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, PaasJsonContext.Default.ProblemDocument);
        }
        catch (JsonException)
        {
            // A proxy's error page or a half-written body: fall back to the status line.
            return null;
        }
    }
}
