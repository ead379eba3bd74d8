using LibGit2Sharp;

namespace OrleansPaas.Grains.Build.Buildpacks;

/// <summary>
/// Which buildpacks build an app, in Heroku's order: the <c>BUILDPACK_URL</c> config var, else a
/// <c>.buildpacks</c> file (one URL per line, all run in order), else detection over the node's
/// default list (the first that detects builds).
/// </summary>
public sealed record BuildpackSelection(IReadOnlyList<BuildpackReference> Buildpacks, bool DetectFirst, string Origin, string? Error)
{
    public const string ConfigKey = "BUILDPACK_URL";
    public const string FileName = ".buildpacks";

    public static BuildpackSelection Choose(Tree tree, IReadOnlyDictionary<string, string> config, IReadOnlyList<string> defaults)
    {
        if (config.TryGetValue(ConfigKey, out var url) && url.Trim().Length > 0)
        {
            return From([url], detectFirst: false, $"{ConfigKey} config var");
        }

        if (tree[FileName]?.Target is Blob blob)
        {
            var lines = blob.GetContentText().Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .ToList();
            return lines.Count == 0
                ? new BuildpackSelection([], false, FileName, $"{FileName} lists no buildpack")
                : From(lines, detectFirst: false, FileName);
        }

        return From(defaults, detectFirst: true, "the default buildpacks");
    }

    private static BuildpackSelection From(IEnumerable<string> urls, bool detectFirst, string origin)
    {
        var references = new List<BuildpackReference>();
        foreach (var url in urls)
        {
            var reference = BuildpackReference.Parse(url, out var error);
            if (reference is null)
            {
                return new BuildpackSelection([], detectFirst, origin, $"{error} (from {origin})");
            }

            references.Add(reference);
        }

        return new BuildpackSelection(references, detectFirst, origin, null);
    }
}
