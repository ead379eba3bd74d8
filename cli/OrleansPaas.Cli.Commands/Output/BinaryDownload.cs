namespace OrleansPaas.Cli.Output;

/// <summary>
/// A binary answer of the API (a platform archive, a service's dump) written to a file, owner-only and
/// renamed into place once whole, or to standard output for a pipe; never to a terminal.
/// </summary>
internal static class BinaryDownload
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Refused before anything is asked of the API: binary on a terminal helps nobody.</summary>
    public static void RefuseTerminal(string? path, string sentence)
    {
        if (path is null && !Console.IsOutputRedirected)
        {
            throw new CliException(sentence);
        }
    }

    /// <summary>Writes <paramref name="response"/>'s body; the full path of the file written, or null for standard output.</summary>
    public static async Task<string?> SaveAsync(HttpResponseMessage response, string? path, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        if (path is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await body.CopyToAsync(stdout, ct);
            return null;
        }

        var target = Path.GetFullPath(path);
        var partial = target + ".partial";
        try
        {
            await using (var output = new FileStream(partial, new FileStreamOptions
                         {
                             Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly, Options = FileOptions.Asynchronous,
                         }))
            {
                // The creation mode counts only for a new file: a partial one left by an earlier try keeps its own.
                File.SetUnixFileMode(partial, OwnerOnly);
                await body.CopyToAsync(output, ct);
            }

            File.Move(partial, target, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        return target;
    }
}
