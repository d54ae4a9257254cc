using Microsoft.Data.Sqlite;

namespace Strata.Core.Sqlite;

/// <summary>
/// The prepared statements of one connection, keyed by SQL text, least recently used dropped first. Values are always
/// parameters, so one text serves every request of the same shape (a record by id, a page with the same filter).
/// Microsoft.Data.Sqlite prepares each new command again (dotnet/efcore#14044); this keeps them across requests.
/// </summary>
internal sealed class StatementCache
{
    private readonly SqliteConnection _connection;
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<CachedSqliteCommand>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<CachedSqliteCommand> _recent = new();

    /// <summary>Creates an empty cache for a connection.</summary>
    /// <param name="connection">The open connection the statements belong to.</param>
    /// <param name="capacity">How many statements to keep.</param>
    public StatementCache(SqliteConnection connection, int capacity)
    {
        _connection = connection;
        _capacity = capacity;
    }

    /// <summary>How many statements it holds.</summary>
    public int Count => _byText.Count;

    /// <summary>
    /// A command for <paramref name="sql"/> with no parameters, prepared if it ran before; null when that command is
    /// busy (the same SQL nested in its own reader): the caller then uses a plain command.
    /// </summary>
    /// <param name="sql">The SQL text.</param>
    public SqliteCommand? Rent(string sql)
    {
        if (_byText.TryGetValue(sql, out var node))
        {
            if (node.Value.InUse)
            {
                return null;
            }

            _recent.Remove(node);
            _recent.AddFirst(node);
            node.Value.InUse = true;
            return node.Value;
        }

        var cmd = new CachedSqliteCommand(sql, _connection) { InUse = true };
        try
        {
            // Explicitly: a command prepared on execution prepares again on the next one (its statement list is
            // only marked complete when a reader walks past the last statement, which a single-result read never does).
            cmd.Prepare();
        }
        catch (SqliteException)
        {
            // Bad SQL or a missing table: the caller's plain command fails the same way, where it expects errors.
            cmd.Release();
            return null;
        }

        _byText[sql] = _recent.AddFirst(cmd);
        while (_byText.Count > _capacity && _recent.Last is { } last && !last.Value.InUse)
        {
            _recent.RemoveLast();
            _byText.Remove(last.Value.CommandText);
            last.Value.Release();
        }

        return cmd;
    }

    /// <summary>Drops every statement (before the connection closes).</summary>
    public void Clear()
    {
        foreach (var cmd in _recent)
        {
            cmd.Release();
        }

        _recent.Clear();
        _byText.Clear();
    }
}
