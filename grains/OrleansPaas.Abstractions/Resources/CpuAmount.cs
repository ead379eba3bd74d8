using System.Globalization;

namespace OrleansPaas.Resources;

/// <summary>
/// A CPU limit as users write it (<c>resource:limit APP --cpu 0.5</c>): cores as a decimal number,
/// kept as Docker's unit, billionths of a core (NanoCpus), so no binary fraction creeps in.
/// </summary>
public static class CpuAmount
{
    public const long NanosPerCore = 1_000_000_000;

    /// <summary>The smallest share the engine takes (Docker refuses less than 0.01 of a core).</summary>
    public const long SmallestNanos = NanosPerCore / 100;

    /// <summary>Parses <paramref name="text"/> into NanoCpus; returns why it is not a CPU limit, or null.</summary>
    public static string? TryParse(string? text, out long nanoCpus)
    {
        nanoCpus = 0;
        var input = text?.Trim() ?? "";
        if (!decimal.TryParse(input, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cores) || cores > 1_000_000)
        {
            return $"--cpu takes a number of cores such as 0.5 or 2, not '{text}'";
        }

        var nanos = (long)decimal.Round(cores * NanosPerCore);
        if (nanos < SmallestNanos)
        {
            return $"--cpu must be at least {Format(SmallestNanos)} of a core, not '{text}'";
        }

        nanoCpus = nanos;
        return null;
    }

    /// <summary>Cores written back the shortest exact way: <c>0.5</c>, <c>1</c>, <c>1.25</c>.</summary>
    public static string Format(long nanoCpus) =>
        (nanoCpus / (decimal)NanosPerCore).ToString("0.#########", CultureInfo.InvariantCulture);
}
