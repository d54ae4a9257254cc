namespace Strata.Core.RateLimits;

/// <summary>Where rate-limit counters live: in memory on one node, in the database when nodes share it.</summary>
public interface IRateLimitStore
{
    /// <summary>Adds one to a window's counter and returns the new count.</summary>
    /// <param name="key">The counter (rule, client and window).</param>
    /// <param name="expires">When the window ends (unix seconds); the counter may be dropped after.</param>
    /// <param name="now">The current time (unix seconds), for cleanup.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    Task<long> IncrementAsync(string key, long expires, long now, CancellationToken cancellationToken = default);

    /// <summary>The counter's value, or 0.</summary>
    /// <param name="key">The counter.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    Task<long> PeekAsync(string key, CancellationToken cancellationToken = default);
}
