using System.Collections.Concurrent;

namespace Strata.Core.RateLimits;

/// <summary>Counters in this process (SQLite runs on one node). Ended windows are swept at most once a minute.</summary>
public sealed class MemoryRateLimitStore : IRateLimitStore
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private long _nextSweep;

    /// <inheritdoc />
    public Task<long> IncrementAsync(string key, long expires, long now, CancellationToken cancellationToken = default)
    {
        Sweep(now);
        var counter = _counters.GetOrAdd(key, _ => new Counter(expires));
        return Task.FromResult(Interlocked.Increment(ref counter.Hits));
    }

    /// <inheritdoc />
    public Task<long> PeekAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_counters.TryGetValue(key, out var c) ? Interlocked.Read(ref c.Hits) : 0);

    private void Sweep(long now)
    {
        var next = Interlocked.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + 60, next) != next)
        {
            return;
        }

        foreach (var (key, c) in _counters)
        {
            if (c.Expires <= now)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private sealed class Counter(long expires)
    {
        public long Hits;

        public long Expires { get; } = expires;
    }
}
