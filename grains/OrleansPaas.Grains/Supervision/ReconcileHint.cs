using OrleansPaas.Supervision;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// Whether a hinted reconciliation of one app is running, whether another was asked for meanwhile,
/// and which of its containers died since the last one began.
/// </summary>
public sealed class ReconcileHint
{
    private readonly Lock _gate = new();
    private readonly List<InstanceDeath> _died = [];
    private bool _running;
    private bool _again;

    /// <summary>True when the caller must start the hint loop; false when one runs (it will go once more).</summary>
    public bool Request(InstanceDeath? died = null)
    {
        lock (_gate)
        {
            if (died is not null)
            {
                _died.Add(died);
            }

            if (_running)
            {
                _again = true;
                return false;
            }

            _running = true;
            return true;
        }
    }

    /// <summary>The containers reported dead since the last call, for the reconciliation about to start.</summary>
    public IReadOnlyList<InstanceDeath> TakeDied()
    {
        lock (_gate)
        {
            var died = _died.ToList();
            _died.Clear();
            return died;
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
