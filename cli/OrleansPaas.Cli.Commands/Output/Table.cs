namespace OrleansPaas.Cli.Output;

/// <summary>
/// Aligned plain-text columns, `docker ps` style. Hand-written on purpose: a dozen lines do not
/// justify another package in a tool that must start fast and ship small.
/// </summary>
internal static class Table
{
    private const string Gap = "  ";

    public static IReadOnlyList<string> Format(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<string[]> { headers.Select(Clean).ToArray() };
        all.AddRange(rows.Select(row => Enumerable.Range(0, headers.Count).Select(i => i < row.Count ? Clean(row[i]) : "").ToArray()));

        var widths = Enumerable.Range(0, headers.Count).Select(i => all.Max(row => row[i].Length)).ToArray();

        // Trailing spaces are trimmed so the last column is never padded.
        return all.Select(row => string.Join(Gap, row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).ToList();
    }

    public static void WriteTable(this TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        foreach (var line in Format(headers, rows))
        {
            writer.WriteLine(line);
        }
    }

    // A new line or tab inside a cell would break every column after it.
    private static string Clean(string cell) =>
        string.Create(cell.Length, cell, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
}
