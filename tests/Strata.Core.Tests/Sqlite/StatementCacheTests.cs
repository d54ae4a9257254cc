using System.Data.Common;
using Microsoft.Data.Sqlite;
using Strata.Core.Sqlite;
using Strata.Core.Storage;
using Strata.Filter.Sql;
using Xunit;

namespace Strata.Core.Tests.Sqlite;

/// <summary>
/// SQLite connections stay open and keep their prepared statements between requests; what a caller sees must not
/// change: results, errors, schema changes, nested use of one statement, transactions.
/// </summary>
public sealed class StatementCacheTests : IAsyncLifetime
{
    private const string ById = "SELECT v FROM t WHERE id = @p0";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strata-stmt-" + Guid.NewGuid().ToString("N"));
    private SqliteDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = new SqliteDatabase(Path.Combine(_dir, "data.db"));
        await _db.InitializeAsync();
        await _db.WriteAsync(async tx =>
        {
            await SqlText.ExecuteAsync(tx, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            for (var i = 1; i <= 3; i++)
            {
                var p = new SqlParameters();
                await SqlText.ExecuteAsync(tx, $"INSERT INTO t (id, v) VALUES ({p.Add(i)}, {p.Add("v" + i)})", p);
            }

            return 0;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<string?> ScalarAsync(DbConnection conn, string sql, params object[] values)
    {
        var p = new SqlParameters();
        foreach (var v in values)
        {
            p.Add(v);
        }

        await using var cmd = SqlText.Command(conn, sql, p);
        return (string?)await cmd.ExecuteScalarAsync();
    }

    [Fact]
    public async Task A_second_lease_runs_the_same_sql_on_the_command_prepared_by_the_first()
    {
        DbCommand first;
        await using (var conn = await _db.OpenReadAsync())
        {
            Assert.Equal("v1", await ScalarAsync(conn, ById, 1));
            first = SqlText.Command(conn, ById, null);
            await first.DisposeAsync();
        }

        await using (var conn = await _db.OpenReadAsync())
        {
            var p = new SqlParameters();
            p.Add(2);
            await using var again = SqlText.Command(conn, ById, p);
            Assert.Same(first, again);
            Assert.Equal("v2", (string?)await again.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task The_same_sql_inside_its_own_open_reader_gets_a_separate_command()
    {
        await using var conn = await _db.OpenReadAsync();
        await using var outer = SqlText.Command(conn, "SELECT id FROM t ORDER BY id", null);
        await using var reader = await outer.ExecuteReaderAsync();
        var seen = new List<string?>();
        while (await reader.ReadAsync())
        {
            await using var inner = SqlText.Command(conn, "SELECT id FROM t ORDER BY id", null);
            Assert.NotSame(outer, inner);
            seen.Add(await ScalarAsync(conn, ById, reader.GetInt64(0)));
        }

        Assert.Equal(["v1", "v2", "v3"], seen);
    }

    [Fact]
    public async Task A_connection_keeps_at_most_its_capacity_of_statements()
    {
        await using var conn = await _db.OpenReadAsync();
        for (var i = 0; i < CachingSqliteConnection.StatementCapacity * 3; i++)
        {
            Assert.Equal("v1", await ScalarAsync(conn, $"SELECT v FROM t WHERE id = @p0 AND {i} = {i}", 1));
        }

        var cache = ((CachingSqliteConnection)conn).Statements;
        Assert.Equal(CachingSqliteConnection.StatementCapacity, cache.Count);
    }

    [Fact]
    public async Task A_kept_statement_sees_a_table_recreated_with_other_data()
    {
        await using (var conn = await _db.OpenReadAsync())
        {
            Assert.Equal("v1", await ScalarAsync(conn, ById, 1));
        }

        await _db.WriteAsync(async tx =>
        {
            await SqlText.ExecuteAsync(tx, "DROP TABLE t");
            await SqlText.ExecuteAsync(tx, "CREATE TABLE t (extra TEXT, id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            await SqlText.ExecuteAsync(tx, "INSERT INTO t (extra, id, v) VALUES ('x', 1, 'new')");
            return 0;
        });

        await using (var conn = await _db.OpenReadAsync())
        {
            Assert.Equal("new", await ScalarAsync(conn, ById, 1));
        }
    }

    [Fact]
    public async Task Bad_sql_fails_when_it_runs_as_a_plain_command_would()
    {
        await using var conn = await _db.OpenReadAsync();
        await using var cmd = SqlText.Command(conn, "SELECT nope FROM t", null);
        var e = await Assert.ThrowsAsync<SqliteException>(() => cmd.ExecuteScalarAsync());
        Assert.Contains("no such column", e.Message, StringComparison.Ordinal);
        Assert.Equal("v3", await ScalarAsync(conn, ById, 3));
    }

    [Fact]
    public async Task Kept_write_statements_follow_each_transaction_and_a_rollback_keeps_nothing()
    {
        const string insert = "INSERT INTO t (id, v) VALUES (@p0, @p1)";
        async Task InsertAsync(DbTransaction tx, int id)
        {
            var p = new SqlParameters();
            p.Add(id);
            p.Add("w" + id);
            await SqlText.ExecuteAsync(tx, insert, p);
        }

        await _db.WriteAsync(async tx =>
        {
            await InsertAsync(tx, 10);
            return 0;
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.WriteAsync<int>(async tx =>
        {
            await InsertAsync(tx, 11);
            throw new InvalidOperationException("roll back");
        }));
        await _db.WriteAsync(async tx =>
        {
            await InsertAsync(tx, 12);
            return 0;
        });

        await using var conn = await _db.OpenReadAsync();
        Assert.Equal("w10", await ScalarAsync(conn, ById, 10));
        Assert.Null(await ScalarAsync(conn, ById, 11));
        Assert.Equal("w12", await ScalarAsync(conn, ById, 12));
    }

    [Fact]
    public async Task A_lease_goes_back_to_the_idle_set_and_a_disposed_database_lends_nothing()
    {
        DbConnection first;
        await using (first = await _db.OpenReadAsync())
        {
        }

        Assert.Equal(System.Data.ConnectionState.Open, first.State);
        await using (var second = await _db.OpenReadAsync())
        {
            Assert.Same(first, second);
        }

        await _db.DisposeAsync();
        Assert.Equal(System.Data.ConnectionState.Closed, first.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await _db.OpenReadAsync());
    }
}
