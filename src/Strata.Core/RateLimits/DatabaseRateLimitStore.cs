using System.Globalization;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Core.RateLimits;

/// <summary>
/// Counters in <see cref="SystemTables.RateLimits"/>, so every node on one PostgreSQL database shares them: one UPSERT
/// per counted request; ended windows are deleted at most once a minute per node.
/// </summary>
public sealed class DatabaseRateLimitStore : IRateLimitStore
{
    private readonly IDatabase _db;
    private long _nextSweep;

    /// <summary>Creates the store.</summary>
    /// <param name="db">The database.</param>
    public DatabaseRateLimitStore(IDatabase db) => _db = db;

    /// <inheritdoc />
    public async Task<long> IncrementAsync(string key, long expires, long now, CancellationToken cancellationToken = default)
    {
        var sweep = Interlocked.Read(ref _nextSweep);
        var doSweep = now >= sweep && Interlocked.CompareExchange(ref _nextSweep, now + 60, sweep) == sweep;
        return await _db.WriteAsync(async tx =>
        {
            if (doSweep)
            {
                var sp = new SqlParameters();
                await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.RateLimits} WHERE expires <= {sp.Add(now)}", sp, cancellationToken);
            }

            var p = new SqlParameters();
            await using var cmd = SqlText.Command(tx.Connection!,
                $"INSERT INTO {SystemTables.RateLimits} (key, hits, expires) VALUES ({p.Add(key)}, 1, {p.Add(expires)}) ON CONFLICT (key) DO UPDATE SET hits = {SystemTables.RateLimits}.hits + 1 RETURNING hits",
                p, tx);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> PeekAsync(string key, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, $"SELECT hits FROM {SystemTables.RateLimits} WHERE key = {p.Add(key)}", p);
        var value = await cmd.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }
}
