namespace OrleansPaas.Gateway.Git;

/// <summary>One line of a pre-receive hook's input: <c>&lt;old-sha&gt; &lt;new-sha&gt; &lt;ref&gt;</c>.</summary>
public sealed record RefUpdate(string OldCommit, string NewCommit, string RefName)
{
    public static readonly string[] DeployRefs = ["refs/heads/main", "refs/heads/master"];

    public bool IsDeletion => NewCommit.All(c => c == '0');
    public bool IsDeployBranch => DeployRefs.Contains(RefName, StringComparer.Ordinal);

    public static IReadOnlyList<RefUpdate>? ParseAll(string text)
    {
        var updates = new List<RefUpdate>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !IsSha(parts[0]) || !IsSha(parts[1]))
            {
                return null;
            }

            updates.Add(new RefUpdate(parts[0], parts[1], parts[2]));
        }

        return updates;
    }

    private static bool IsSha(string s) => s.Length is 40 or 64 && s.All(Uri.IsHexDigit);
}
