namespace OrleansPaas.Nodes;

/// <summary>Whether a node holds an image; <see cref="Arriving"/> while a copy to it is still being loaded.</summary>
[GenerateSerializer, Alias("paas.ImagePresence")]
public enum ImagePresence
{
    Absent,
    Arriving,
    Present,
}
