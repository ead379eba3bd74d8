namespace OrleansPaas.Grains.Supervision;

/// <summary>Whether a hinted reconciliation of one app is running, and whether another was asked for meanwhile.</summary>
public sealed class ReconcileHint
{
    private readonly Lock _gate = new();
    private bool _running;
    private bool _again;

    /// <summary>True when the caller must start the hint loop; false when one runs (it will go once more).</summary>
    public bool Request()
    {
        lock (_gate)
        {
            if (_running)
            {
                _again = true;
                return false;
            }

            _running = true;
            return true;
        }
    }

    /// <summary>Called when a reconciliation ended: true to run one more.</summary>
    public bool Again()
    {
        lock (_gate)
        {
            _running = _again;
            _again = false;
            return _running;
        }
    }
}
