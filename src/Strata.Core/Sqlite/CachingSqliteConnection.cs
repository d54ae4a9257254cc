using System.Data;
using Microsoft.Data.Sqlite;

namespace Strata.Core.Sqlite;

/// <summary>
/// A connection that stays open for the life of the database and keeps its prepared statements
/// (<see cref="Statements"/>). Readers are leased from <see cref="SqliteDatabase"/>: disposing one hands it back to
/// the database's idle set instead of closing it.
/// </summary>
internal sealed class CachingSqliteConnection : SqliteConnection
{
    private readonly Func<CachingSqliteConnection, bool>? _giveBack;

    /// <summary>Creates a closed connection.</summary>
    /// <param name="connectionString">The connection string (without ADO.NET pooling: this is the pool).</param>
    /// <param name="giveBack">Takes the connection back when a lease ends; false means close it. Null for the writer.</param>
    public CachingSqliteConnection(string connectionString, Func<CachingSqliteConnection, bool>? giveBack)
        : base(connectionString)
    {
        _giveBack = giveBack;
        Statements = new StatementCache(this, StatementCapacity);
    }

    /// <summary>How many prepared statements each connection keeps.</summary>
    public const int StatementCapacity = 48;

    /// <summary>The connection's prepared statements.</summary>
    public StatementCache Statements { get; }

    /// <summary>Closes it for good: drops its statements and the native handle.</summary>
    public void CloseForGood()
    {
        Statements.Clear();
        base.Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // A lease ends: keep the handle and its statements unless the connection is in a state a next lease must not
        // inherit (closed, or a transaction left open).
        if (disposing && _giveBack is not null && State == ConnectionState.Open && Transaction is null && _giveBack(this))
        {
            return;
        }

        if (disposing)
        {
            Statements.Clear();
        }

        base.Dispose(disposing);
    }
}
