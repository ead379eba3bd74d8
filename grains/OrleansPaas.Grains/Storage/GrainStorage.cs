namespace OrleansPaas.Grains;

/// <summary>The name of the grain storage provider all platform grains persist through.</summary>
public static class GrainStorage
{
    public const string Name = "paas";
}
