using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansPaas.Grains;

namespace OrleansPaas.Silo.Hosting;

public static class PaasGrainStorage
{
    /// <summary>
    /// The platform's grain storage on an ADO.NET database (SQLite on one node, PostgreSQL in a
    /// cluster). One place, so both modes keep the same format: Orleans' own version-tolerant
    /// binary serializer, since the state types are [GenerateSerializer] records with immutable
    /// lists, which the JSON default cannot read back.
    /// </summary>
    public static ISiloBuilder AddPaasGrainStorage(this ISiloBuilder silo, string invariant, string connectionString) =>
        silo.AddAdoNetGrainStorage(GrainStorage.Name, (OptionsBuilder<AdoNetGrainStorageOptions> storage) =>
            storage.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = invariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
}
