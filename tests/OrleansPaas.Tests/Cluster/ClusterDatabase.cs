using Npgsql;

namespace OrleansPaas.Tests.Cluster;

/// <summary>Reads the cluster's membership as the nodes wrote it (the project's paas_membership table).</summary>
public static class ClusterDatabase
{
    public const int Active = 3;

    /// <summary>Orleans' status of a silo declared dead.</summary>
    public const int Dead = 6;

    public static async Task<Dictionary<string, int>> MembersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // A restarted silo gets a new row (a new generation); the latest says where the node is now.
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT ON (SiloName) SiloName, Status FROM paas_membership ORDER BY SiloName, Generation DESC", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var members = new Dictionary<string, int>();
        while (await reader.ReadAsync())
        {
            members[reader.GetString(0)] = reader.GetInt32(1);
        }

        return members;
    }

    /// <summary>
    /// Waits until every named node is Active. Nodes started at the same moment each see only
    /// themselves at first; until they have met, a grain that keeps its state in memory may be
    /// activated on both, and what one gateway is told the other may not hear.
    /// </summary>
    public static Task WaitUntilActiveAsync(string connectionString, params string[] nodes) =>
        OrleansPaas.Tests.Support.Poll.UntilAsync(() => MembersAsync(connectionString),
            members => nodes.All(node => members.GetValueOrDefault(node) == Active), TimeSpan.FromSeconds(60),
            $"{string.Join(", ", nodes)} Active in the membership table");
}
