using System.Net;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// The first thing a silo sends on a silo-to-silo connection, made with Orleans' own serializer (its
/// type is internal, hence the reflection): what a foreign silo or a hand-written client would send.
/// </summary>
public static class OrleansPreamble
{
    public static byte[] For(string clusterId, IPEndPoint from)
    {
        var core = typeof(Orleans.Configuration.ClusterOptions).Assembly;
        var preambleType = core.GetType("Orleans.Runtime.Messaging.ConnectionPreamble", throwOnError: true)!;
        var preamble = Activator.CreateInstance(preambleType, nonPublic: true)!;
        var version = preambleType.GetProperty("NetworkProtocolVersion")!;
        version.SetValue(preamble, Enum.ToObject(version.PropertyType, Enum.GetValues(version.PropertyType).Cast<object>().Max()!));
        var directConnection = core.GetType("Orleans.Runtime.Constants", throwOnError: true)!
            .GetField("SiloDirectConnectionId", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        preambleType.GetProperty("NodeIdentity")!.SetValue(preamble, (GrainId)directConnection.GetValue(null)!);
        preambleType.GetProperty("SiloAddress")!.SetValue(preamble, SiloAddress.New(from, 1));
        preambleType.GetProperty("ClusterId")!.SetValue(preamble, clusterId);

        using var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(core)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var serialize = typeof(Serializer).GetMethods().Single(m => m.Name == nameof(Serializer.SerializeToArray) && m.GetParameters().Length == 1)
            .MakeGenericMethod(preambleType);
        var body = (byte[])serialize.Invoke(serializer, [preamble])!;
        // On the wire: a 4-byte little-endian length, then the serialized preamble.
        return [.. BitConverter.GetBytes(body.Length), .. body];
    }
}
