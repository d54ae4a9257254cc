using System.Data.Common;
using Microsoft.Data.Sqlite;
using Strata.Core.Storage;

namespace Strata.Core.Sqlite;

/// <summary>
/// SQLite in WAL mode: one writer connection (SQLite allows one writer at a time, so writes queue here instead of
/// spinning on SQLITE_BUSY) and pooled reader connections that never block the writer.
/// </summary>
public sealed class SqliteDatabase : IDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Pooled connections keep their native handle, and pragmas stay set on it: configure each handle once.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> _configured = [];
    private SqliteConnection? _writer;

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>.</summary>
    /// <param name="path">The database file, e.g. <c>strata_data/data.db</c>.</param>
    /// <param name="synchronous">
    /// The <c>synchronous</c> pragma. NORMAL (default) keeps every acknowledged write across a process crash in WAL
    /// mode; FULL also across a power loss.
    /// </param>
    public SqliteDatabase(string path, string synchronous = "NORMAL")
    {
        Path = path;
        Synchronous = synchronous.ToUpperInvariant() switch
        {
            "OFF" or "NORMAL" or "FULL" or "EXTRA" => synchronous.ToUpperInvariant(),
            _ => throw new ArgumentException("synchronous must be OFF, NORMAL, FULL or EXTRA.", nameof(synchronous)),
        };
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The synchronous pragma in use.</summary>
    public string Synchronous { get; }

    /// <inheritdoc />
    public IDialect Dialect => SqliteDialect.Instance;

    /// <summary>Sets WAL mode and opens the writer. Call once before use.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        _writer = await OpenAsync(cancellationToken);
        await using var cmd = _writer.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<DbConnection> OpenReadAsync(CancellationToken cancellationToken = default) =>
        await OpenAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _writer ??= await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await _writer.BeginTransactionAsync(cancellationToken);
            var result = await work(tx);
            await tx.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs <c>PRAGMA optimize</c> and a passive WAL checkpoint; called periodically by the host.</summary>
    /// <param name="cancellationToken">Cancels the maintenance.</param>
    public async Task MaintainAsync(CancellationToken cancellationToken = default)
    {
        await WriteAsync(async tx =>
        {
            await SqlText.ExecuteAsync(tx, "PRAGMA optimize;", null, cancellationToken);
            return 0;
        }, cancellationToken);
        await using var conn = await OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        _writeLock.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync(cancellationToken);
        var handle = conn.Handle!;
        if (_configured.TryGetValue(handle, out _))
        {
            return conn;
        }

        await using var cmd = conn.CreateCommand();
        // Per-connection pragmas: they are not persisted in the file, but they live as long as the native handle.
        // The page cache is per connection and the reader pool grows with concurrency, so keep it small and read
        // through a shared memory map instead (pages then live once, in the OS cache).
        cmd.CommandText = $"PRAGMA synchronous={Synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-4000; PRAGMA mmap_size=268435456;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        _configured.AddOrUpdate(handle, handle);
        return conn;
    }
}
