using System.Security.Cryptography;
using System.Text.Json;

namespace OrleansPaas.Configuration.Credentials;

/// <summary>
/// A single node's Orleans ClusterId and ServiceId: made unguessable on the first start of a new
/// data folder and kept in it. Grain state and reminder rows are keyed by the ServiceId, so a data
/// folder that already holds a database (made before ids were generated) keeps the old "dev"
/// ServiceId, or its apps would vanish; its ClusterId is new anyway (nothing stores it).
/// </summary>
public sealed record SingleNodeIds(string ClusterId, string ServiceId)
{
    /// <summary>The ServiceId every single node used before ids were generated.</summary>
    public const string LegacyServiceId = "dev";

    public static SingleNodeIds LoadOrCreate(DataPaths paths)
    {
        if (File.Exists(paths.SiloIds))
        {
            return JsonSerializer.Deserialize<SingleNodeIds>(File.ReadAllText(paths.SiloIds))
                ?? throw new InvalidDataException($"{paths.SiloIds} is empty: restore it from a backup, or remove it only if the node has no apps yet.");
        }

        var ids = new SingleNodeIds(NewId(), File.Exists(paths.Database) ? LegacyServiceId : NewId());
        var partial = paths.SiloIds + ".partial";
        File.WriteAllText(partial, JsonSerializer.Serialize(ids));
        File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(partial, paths.SiloIds, overwrite: false);
        return ids;
    }

    private static string NewId() => "paas-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
