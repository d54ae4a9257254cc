using System.Data.Common;
using Strata.Filter.Sql;

namespace Strata.Core.Storage;

/// <summary>Helpers to create commands with parameters from <see cref="SqlParameters"/>.</summary>
public static class SqlText
{
    /// <summary>Creates a command on the connection (and transaction) with the given SQL and parameters.</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="sql">The SQL text; values only as parameters.</param>
    /// <param name="parameters">The parameters, or null.</param>
    /// <param name="transaction">The transaction, or null.</param>
    public static DbCommand Command(DbConnection connection, string sql, SqlParameters? parameters = null, DbTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        DbCommand cmd;
        if (connection is Sqlite.CachingSqliteConnection cached && cached.Statements.Rent(sql) is { } prepared)
        {
            cmd = prepared;
        }
        else
        {
            cmd = connection.CreateCommand();
#pragma warning disable CA2100 // SQL text is built from validated identifiers; every value is a parameter.
            cmd.CommandText = sql;
#pragma warning restore CA2100
        }

        cmd.Transaction = transaction;
        if (parameters is not null)
        {
            foreach (var (name, value) in parameters.Items)
            {
                // A dialect may hand over a ready driver parameter when the engine needs an explicit type (jsonb).
                if (value is DbParameter typed)
                {
                    typed.ParameterName = name;
                    cmd.Parameters.Add(typed);
                    continue;
                }

                var p = cmd.CreateParameter();
                p.ParameterName = name;
                p.Value = value ?? DBNull.Value;
                cmd.Parameters.Add(p);
            }
        }

        return cmd;
    }

    /// <summary>
    /// A <c>LIMIT</c> clause (with its leading space) whose count is written as a number. The count is a server-side
    /// integer, never client text; as a bound parameter SQLite would plan with its value and re-prepare the statement
    /// every time it is bound again, which is every execution, defeating the statement cache.
    /// </summary>
    /// <param name="count">The row count.</param>
    public static string Limit(long count) => " LIMIT " + count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs a statement and returns the affected row count.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="sql">The SQL.</param>
    /// <param name="parameters">The parameters, or null.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public static async Task<int> ExecuteAsync(DbTransaction tx, string sql, SqlParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tx);
        await using var cmd = Command(tx.Connection!, sql, parameters, tx);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
