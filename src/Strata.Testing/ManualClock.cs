namespace Strata.Testing;

/// <summary>
/// A clock tests move by hand: pass it as the engine's clock to make retries due, tokens expire or dates roll over
/// without waiting. Timers and delays still use real time.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now;
    private readonly Lock _lock = new();

    /// <summary>Creates a clock at <paramref name="start"/> (default: the real time now).</summary>
    /// <param name="start">The initial time.</param>
    public ManualClock(DateTimeOffset? start = null) => _now = start ?? DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward.</summary>
    /// <param name="by">How far.</param>
    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }
}
