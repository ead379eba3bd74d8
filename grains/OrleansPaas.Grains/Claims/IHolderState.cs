namespace OrleansPaas.Grains.Claims;

/// <summary>The persisted holder of one name (a domain, a host port): null while nobody holds it.</summary>
public interface IHolderState
{
    string? Holder { get; set; }
}
