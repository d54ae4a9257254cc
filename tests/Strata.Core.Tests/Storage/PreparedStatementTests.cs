using System.Data.Common;
using Strata.Core.Sqlite;
using Strata.Core.Storage;
using Strata.Filter.Sql;
using Strata.Postgres;
using Strata.Testing;
using Xunit;

namespace Strata.Core.Tests.Storage;

/// <summary>
/// A statement that runs again on the same connection is not parsed and planned again: SQLite keeps the prepared
/// command (Strata's statement cache), PostgreSQL the server-side prepared statement (Npgsql's automatic preparation,
/// on by default, off when the connection string says <c>Max Auto Prepare=0</c>).
/// </summary>
public sealed class PreparedStatementTests
{
    private const string Sql = "SELECT 1 + @p0";

    private static async Task RunAsync(DbConnection conn, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var p = new SqlParameters();
            p.Add(i);
            await using var cmd = SqlText.Command(conn, Sql, p);
            Assert.Equal(1L + i, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static async Task<long> ServerPreparedAsync(DbConnection conn)
    {
        await using var cmd = SqlText.Command(conn, "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT 1 + $1%'", null);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_statement_run_again_on_a_connection_is_prepared_once()
    {
        await using var test = await TestDatabase.CreateAsync();
        await using var db = test.Open();
        if (db is SqliteDatabase sqlite)
        {
            await sqlite.InitializeAsync();
        }

        await using var conn = await db.OpenReadAsync();
        await RunAsync(conn, 10);
        if (conn is CachingSqliteConnection cached)
        {
            var first = cached.Statements.Rent(Sql);
            Assert.NotNull(first);
            await first.DisposeAsync();
            Assert.Same(first, cached.Statements.Rent(Sql));
        }
        else
        {
            Assert.Equal(1, await ServerPreparedAsync(conn));

            // The connection string wins over Strata's default.
            await using var off = new PostgresDatabase(test.Connection + ";Max Auto Prepare=0");
            await using var plain = await off.OpenReadAsync();
            await RunAsync(plain, 10);
            Assert.Equal(0, await ServerPreparedAsync(plain));
        }
    }
}
