using OrleansPaas.Grains.Storage;
using OrleansPaas.Grains.Tls.Acme;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

[GenerateSerializer, Alias("paas.AcmeAccountState")]
public sealed class AcmeAccountState
{
    [Id(0)] public byte[]? KeyPkcs8 { get; set; }
}

public sealed class AcmeAccountGrain(
    [PersistentState("acme-account", GrainStorage.Name)] IPersistentState<AcmeAccountState> state) : Grain, IAcmeAccountGrain
{
    public async Task<byte[]> GetOrCreateKeyAsync()
    {
        if (state.State.KeyPkcs8 is null)
        {
            using var key = AcmeAccountKey.Create();
            state.State.KeyPkcs8 = key.ExportPkcs8();
            await state.WriteStateAsync();
        }

        return state.State.KeyPkcs8;
    }
}
