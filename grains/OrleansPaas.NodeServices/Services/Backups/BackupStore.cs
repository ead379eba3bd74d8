using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// The backup directory: <c>services/&lt;service&gt;/&lt;id&gt;.json</c> (the manifest) beside
/// <c>&lt;id&gt;.&lt;dump|rdb&gt;</c>, owner-only (dumps hold the services' data). Files appear
/// whole or not at all (written aside, then renamed).
/// </summary>
public sealed partial class BackupStore(IOptions<PaasOptions> options, DataPaths paths, TimeProvider? time = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Root => Path.GetFullPath(options.Value.Backups.Directory ?? paths.Backups);

    /// <summary>A new id: sortable by time, unique within the service.</summary>
    public string NewId() => $"{_time.GetUtcNow():yyyyMMdd-HHmmss}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";

    public static bool IsId(string id) => IdPattern().IsMatch(id);

    /// <summary>The service's folder, created owner-only. Names come parsed from the service's grain; this refuses any that could leave the folder.</summary>
    public string ServiceDirectory(string service)
    {
        if (!ServicePattern().IsMatch(service))
        {
            throw new ArgumentException($"'{service}' is not a service name", nameof(service));
        }

        var directory = Path.Combine(Root, "services", service);
        Directory.CreateDirectory(Root, DataPaths.PrivateDirectory);
        Directory.CreateDirectory(Path.Combine(Root, "services"), DataPaths.PrivateDirectory);
        Directory.CreateDirectory(directory, DataPaths.PrivateDirectory);
        return directory;
    }

    public string DumpPath(string service, string file) => Path.Combine(ServiceDirectory(service), file);

    /// <summary>Where a dump is written before it is complete.</summary>
    public string PartialPath(string service, string id) => Path.Combine(ServiceDirectory(service), id + ".partial");

    /// <summary>A manifest as its <c>.json</c> file holds it (the same bytes in every target).</summary>
    public static byte[] ToJson(ServiceBackupManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

    public static ValueTask<ServiceBackupManifest?> FromJsonAsync(Stream stream, CancellationToken cancellationToken) =>
        JsonSerializer.DeserializeAsync<ServiceBackupManifest>(stream, Json, cancellationToken);

    public async Task SaveAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken)
    {
        var path = Path.Combine(ServiceDirectory(manifest.Service), manifest.Id + ".json");
        var aside = path + ".new";
        await File.WriteAllBytesAsync(aside, ToJson(manifest), cancellationToken);
        File.Move(aside, path, overwrite: true);
    }

    public async Task<ServiceBackupManifest?> FindAsync(string service, string id, CancellationToken cancellationToken)
    {
        if (!IsId(id))
        {
            return null;
        }

        var path = Path.Combine(ServiceDirectory(service), id + ".json");
        return File.Exists(path) ? await ReadAsync(path, cancellationToken) : null;
    }

    /// <summary>Newest first; an unreadable manifest is skipped (it is not a backup anyone can restore).</summary>
    public async Task<IReadOnlyList<ServiceBackupManifest>> ListAsync(string service, CancellationToken cancellationToken)
    {
        var manifests = new List<ServiceBackupManifest>();
        foreach (var path in Directory.EnumerateFiles(ServiceDirectory(service), "*.json"))
        {
            if (IsId(Path.GetFileNameWithoutExtension(path)) && await TryReadAsync(path, cancellationToken) is { } manifest)
            {
                manifests.Add(manifest);
            }
        }

        return manifests.OrderByDescending(m => m.Id, StringComparer.Ordinal).ToList();
    }

    public void Delete(ServiceBackupManifest manifest)
    {
        var directory = ServiceDirectory(manifest.Service);
        File.Delete(Path.Combine(directory, manifest.File));
        File.Delete(Path.Combine(directory, manifest.Id + ".json"));
    }

    public static async Task<string> Sha256Async(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static async Task<ServiceBackupManifest?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(path, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<ServiceBackupManifest?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await FromJsonAsync(stream, cancellationToken);
    }

    [GeneratedRegex("^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ServicePattern();
}
