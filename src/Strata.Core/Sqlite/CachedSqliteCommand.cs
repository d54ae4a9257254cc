using Microsoft.Data.Sqlite;

namespace Strata.Core.Sqlite;

/// <summary>
/// A command that keeps its prepared statement when disposed, so the next request with the same SQL on the same
/// connection skips SQLite's parser and planner. Owned by a <see cref="StatementCache"/>; disposing it hands it back.
/// </summary>
internal sealed class CachedSqliteCommand : SqliteCommand
{
    /// <summary>Creates a command for <paramref name="sql"/> on the owner's connection.</summary>
    /// <param name="sql">The SQL text, the cache key.</param>
    /// <param name="connection">The connection.</param>
#pragma warning disable CA2100 // The SQL text comes from SqlText, where every value is a parameter.
    public CachedSqliteCommand(string sql, SqliteConnection connection)
        : base(sql, connection)
#pragma warning restore CA2100
    {
    }

    /// <summary>Whether a caller holds it now.</summary>
    public bool InUse { get; set; }

    /// <summary>Whether the cache let go of it: the next dispose really disposes.</summary>
    public bool Evicted { get; set; }

    /// <summary>Really disposes it (drops the prepared statement).</summary>
    public void Release()
    {
        Evicted = true;
        Dispose();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // A reader still open on it means a caller let the command go first; do not hand out a busy statement.
        if (disposing && !Evicted && DataReader is null)
        {
            Parameters.Clear();
            Transaction = null;
            InUse = false;
            return;
        }

        base.Dispose(disposing);
    }
}
