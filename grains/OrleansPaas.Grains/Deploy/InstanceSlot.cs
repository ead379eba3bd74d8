namespace OrleansPaas.Grains.Deploy;

/// <summary>One place in an app's formation: a process type and its instance number (web.1, worker.2).</summary>
public readonly record struct InstanceSlot(string Process, int Index)
{
    public override string ToString() => $"{Process}.{Index}";
}
