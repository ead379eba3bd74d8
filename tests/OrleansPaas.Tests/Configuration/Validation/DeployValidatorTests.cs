using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Validation;

namespace OrleansPaas.Tests.Configuration.Validation;

public sealed class DeployValidatorTests
{
    private readonly DeployValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(_validator.Validate(null, new PaasOptions()).Succeeded);

    [Fact]
    public void Validate_EverythingWrong_NamesEverySettingOnceEach()
    {
        var options = new PaasOptions
        {
            Deploy = { CpuLimit = 0, MemoryLimitMiB = 4, PidsLimit = 0, Capabilities = ["net_raw"], DiskLimit = "lots" },
        };

        var result = _validator.Validate(null, options);

        Assert.Collection(result.Failures!,
            f => Assert.StartsWith("Paas:Deploy:CpuLimit", f),
            f => Assert.StartsWith("Paas:Deploy:MemoryLimitMiB", f),
            f => Assert.StartsWith("Paas:Deploy:PidsLimit", f),
            f => Assert.StartsWith("Paas:Deploy:Capabilities", f),
            f => Assert.StartsWith("Paas:Deploy:DiskLimit", f));
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("2")]
    public void Validate_AFractionOrSeveralCores_Succeeds(string cores)
    {
        var options = new PaasOptions { Deploy = { CpuLimit = decimal.Parse(cores, System.Globalization.CultureInfo.InvariantCulture), DiskLimit = "2g" } };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }
}
