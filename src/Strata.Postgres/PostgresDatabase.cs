using System.Data.Common;
using Npgsql;
using Strata.Core.Realtime;
using Strata.Core.Storage;

namespace Strata.Postgres;

/// <summary>
/// PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>. Statements are plain (no session state, no
/// prepared-statement reliance), so it also works behind PgBouncer in transaction mode.
/// </summary>
public sealed class PostgresDatabase : IDatabase, IRealtimeBackplaneSource
{
    /// <summary>How many statements Npgsql prepares automatically per physical connection unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the database from a connection string (Npgsql keywords or a postgres:// URL).</summary>
    /// <param name="connection">The connection string.</param>
    public PostgresDatabase(string connection)
    {
        var normalized = PostgresConnectionString.Normalize(connection);
        var builder = new NpgsqlDataSourceBuilder(normalized);
        builder.ConnectionStringBuilder.ApplicationName ??= "strata";
        var compact = normalized.Replace(" ", "", StringComparison.Ordinal);
        if (!compact.Contains("noresetonclose", StringComparison.OrdinalIgnoreCase))
        {
            // Strata keeps no session state on pooled connections (advisory locks are transaction-scoped, LISTEN uses
            // its own connection), so the DISCARD ALL Npgsql sends on every pooled open is pure cost: a round trip per
            // request. An explicit "No Reset On Close=false" in the connection string restores it.
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        if (!compact.Contains("maxautoprepare", StringComparison.OrdinalIgnoreCase))
        {
            // Every Strata statement is parameterised and the same few shapes repeat, so PostgreSQL's parse and plan
            // per execution is most of a simple request's database time. Npgsql prepares a statement on its physical
            // connection after a few uses and reuses it from then on. A pooler in transaction mode must support
            // prepared statements (PgBouncer 1.21+ with max_prepared_statements > 0); otherwise set
            // "Max Auto Prepare=0" in the connection string (docs/performance.md).
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
        _dataSource = builder.Build();
    }

    /// <inheritdoc />
    public IDialect Dialect => PostgresDialect.Instance;

    /// <inheritdoc />
    public async ValueTask<DbConnection> OpenReadAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var conn = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var result = await work(tx);
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    /// <inheritdoc />
    public IRealtimeBackplane CreateBackplane() => new PostgresBackplane(_dataSource);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
