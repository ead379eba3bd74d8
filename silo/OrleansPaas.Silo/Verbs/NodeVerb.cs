namespace OrleansPaas.Silo.Verbs;

/// <summary>
/// <c>orleanspaas backup FILE [--with-images]</c>, <c>orleanspaas restore FILE [--force]</c> and
/// <c>orleanspaas ssh-dropin</c> (the system sshd's drop-in for this node, on standard output): the
/// node's executable given a verb does that one thing with the node's own settings (the same
/// appsettings.json, <c>Paas__X</c> variables and <c>--Paas:X=</c> arguments) and ends, instead of
/// starting the node. Only <c>--Paas:X=value</c> arguments reach the configuration: a bare file name
/// (<c>/root/backup.tar.gz</c>) would otherwise be taken for a setting's name.
/// </summary>
public sealed record NodeVerb(string Name, string File, bool WithImages, bool Force, IReadOnlyList<string> Settings)
{
    public const string Backup = "backup";
    public const string Restore = "restore";
    public const string SshDropIn = "ssh-dropin";

    public const string Usage =
        "usage: orleanspaas backup FILE [--with-images] | orleanspaas restore FILE [--force] | orleanspaas ssh-dropin"
        + "  (FILE - for standard output; settings as --Paas:X=value)";

    public static bool IsVerb(string[] args) => args is [Backup or Restore or SshDropIn, ..];

    /// <summary>The verb, or null with one sentence saying what is wrong with the arguments.</summary>
    public static (NodeVerb? Verb, string? Problem) Parse(string[] args)
    {
        var name = args[0];
        string? file = null;
        bool withImages = false, force = false;
        var settings = new List<string>();
        foreach (var argument in args.Skip(1))
        {
            switch (argument)
            {
                case "--with-images" when name == Backup:
                    withImages = true;
                    break;
                case "--force" when name == Restore:
                    force = true;
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('=', StringComparison.Ordinal):
                    settings.Add(setting);
                    break;
                case var other when other.StartsWith("--", StringComparison.Ordinal):
                    return (null, $"orleanspaas {name} does not know the option {other}; {Usage}");
                case var path when name == SshDropIn:
                    return (null, $"orleanspaas {name} takes no file ('{path}'); {Usage}");
                case var path when file is null:
                    file = path;
                    break;
                default:
                    return (null, $"orleanspaas {name} takes one file, not '{file}' and '{argument}'; {Usage}");
            }
        }

        return file is null && name != SshDropIn
            ? (null, $"orleanspaas {name} needs the archive's file name; {Usage}")
            : (new NodeVerb(name, file ?? "", withImages, force, settings), null);
    }
}
