using OrleansPaas.Ssh;

namespace OrleansPaas.Grains.Ssh;

[GenerateSerializer, Alias("paas.SshKeysState")]
public sealed class SshKeysState
{
    [Id(0)] public List<SshKey> Keys { get; set; } = [];
}
