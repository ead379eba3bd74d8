namespace OrleansPaas.Tests.Install;

/// <summary>The tests that share one installed platform; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class InstalledPlatformCollection : ICollectionFixture<InstalledPlatform>
{
    public const string Name = "installed platform";
}
