using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Tests.Configuration.Validation;

public sealed class ClusterValidatorTests
{
    private readonly ClusterValidator _validator = new();

    [Fact]
    public void Validate_SingleNode_LooksAtNeitherAddressNorCertificate() =>
        Assert.True(_validator.Validate(null, new PaasOptions { NodeAddress = "not-an-ip" }).Succeeded);

    [Fact]
    public void Validate_ClusterWithBadAddressAndMissingCertificate_NamesBoth()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".pfx");
        var options = new PaasOptions
        {
            NodeAddress = "node1.example",
            Cluster = { PostgresConnectionString = "Host=db", CertificatePath = missing },
        };

        var result = _validator.Validate(null, options);

        Assert.Collection(result.Failures!,
            f => Assert.Equal("Paas:NodeAddress 'node1.example' is not an IP address: set it to the address other nodes reach this one on.", f),
            f => Assert.StartsWith($"The cluster certificate {missing} (Paas:Cluster:CertificatePath) does not exist: make one with deploy/cluster/make-cluster-cert.sh", f));
    }

    [Fact]
    public void Validate_ClusterWithoutCertificate_SaysHowToMakeOne()
    {
        var result = _validator.Validate(null, new PaasOptions { Cluster = { PostgresConnectionString = "Host=db" } });

        Assert.Contains("make-cluster-cert.sh", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_CertificateThatIsNoPkcs12_SaysItCannotBeRead()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a certificate");
            var result = _validator.Validate(null, new PaasOptions { Cluster = { PostgresConnectionString = "Host=db", CertificatePath = file } });

            var failure = Assert.Single(result.Failures!);
            Assert.StartsWith($"The cluster certificate {file} cannot be read (", failure);
            Assert.DoesNotContain('\n', failure);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
