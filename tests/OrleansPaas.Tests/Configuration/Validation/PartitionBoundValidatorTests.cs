using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Tests.Configuration.Validation;

public sealed class PartitionBoundValidatorTests
{
    private readonly PartitionBoundValidator _validator = new();

    [Fact]
    public void Validate_Default30s_Succeeds()
    {
        var options = new PaasOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.Cluster.PartitionBound);
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:03")]
    [InlineData("-00:00:30")]
    [InlineData("01:00:01")]
    public void Validate_OutOfRange_FailsWithOneSentenceNamingTheKey(string bound)
    {
        var options = new PaasOptions { Cluster = { PartitionBound = TimeSpan.Parse(bound, System.Globalization.CultureInfo.InvariantCulture) } };

        var failure = Assert.Single(_validator.Validate(null, options).Failures!);
        Assert.StartsWith("Paas:Cluster:PartitionBound must be between 00:00:04 and 01:00:00", failure);
    }
}
