using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Strata.Core.Storage;

namespace Strata.Core.Sqlite;

/// <summary>
/// SQLite in WAL mode: one writer connection (SQLite allows one writer at a time, so writes queue here instead of
/// spinning on SQLITE_BUSY) and pooled reader connections that never block the writer. Every connection stays open
/// and keeps its prepared statements (<see cref="StatementCache"/>), so a request of a shape seen before skips
/// SQLite's parser and planner.
/// </summary>
public sealed class SqliteDatabase : IDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<CachingSqliteConnection> _idle = [];
    private readonly int _maxIdle = Math.Max(8, Environment.ProcessorCount * 4);
    private int _idleCount;
    private volatile bool _disposed;
    private CachingSqliteConnection? _writer;

    static SqliteDatabase() => SqliteProcessConfig.Apply();

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
            Pooling = false, // the idle set below is the pool: it keeps each connection's statements too
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

        _writer = await OpenAsync(giveBack: null, cancellationToken);
        await using var cmd = _writer.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<DbConnection> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return idle;
        }

        return await OpenAsync(GiveBack, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _writer ??= await OpenAsync(giveBack: null, cancellationToken);
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
        await using var conn = await OpenReadAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        while (_idle.TryTake(out var idle))
        {
            idle.CloseForGood();
        }

        _writeLock.Dispose();
    }

    /// <summary>Takes a reader back when its lease ends, up to the idle limit; beyond it (or after dispose) it closes.</summary>
    private bool GiveBack(CachingSqliteConnection conn)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > _maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            return false;
        }

        _idle.Add(conn);
        if (_disposed && _idle.TryTake(out var late))
        {
            // DisposeAsync may have drained the set between the check and the add.
            late.CloseForGood();
        }

        return true;
    }

    private async Task<CachingSqliteConnection> OpenAsync(Func<CachingSqliteConnection, bool>? giveBack, CancellationToken cancellationToken)
    {
        var conn = new CachingSqliteConnection(_connectionString, giveBack);
        await conn.OpenAsync(cancellationToken);
        await using var cmd = conn.CreateCommand();
        // Per-connection pragmas: they are not persisted in the file, but they live as long as the native handle.
        // The page cache is per connection and the reader pool grows with concurrency, so keep it small and read
        // through a shared memory map instead (pages then live once, in the OS cache).
        cmd.CommandText = $"PRAGMA synchronous={Synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-4000; PRAGMA mmap_size=268435456;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return conn;
    }
}
