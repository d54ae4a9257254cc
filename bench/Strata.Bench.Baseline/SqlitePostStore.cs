using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Strata.Bench.Baseline;

/// <summary>
/// SQLite: WAL, the same per-connection pragmas as Strata (applied once per connection, not per request),
/// a bag of open reader connections and one writer connection behind a lock. Synchronous ADO.NET calls:
/// Microsoft.Data.Sqlite does its work on the calling thread anyway.
/// </summary>
public sealed class SqlitePostStore : IPostStore
{
    private const string Columns = "\"posts\".\"id\", \"posts\".\"title\", \"posts\".\"body\", \"posts\".\"status\", \"posts\".\"views\", \"posts\".\"published\", \"posts\".\"author\", \"posts\".\"created\", \"posts\".\"updated\"";
    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private SqliteTransaction? _tx;

    // The same process-wide engine settings as Strata (Strata.Core/Sqlite/SqliteProcessConfig.cs): multi-thread
    // mode (no per-connection mutex) and no memory statistics (no global mutex per allocation).
    static SqlitePostStore()
    {
        SQLitePCL.Batteries_V2.Init();
        _ = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        _ = SQLitePCL.raw.sqlite3_config(9 /* SQLITE_CONFIG_MEMSTATUS */, 0);
    }

    public SqlitePostStore(string path, string synchronous)
    {
        _synchronous = synchronous;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        _writer = Open();
        Exec(_writer, "PRAGMA journal_mode=WAL;");
    }

    public async Task<(string PostsId, string AuthorsId, string UsersSecret)> ReadSchemaAsync()
    {
        var c = Rent();
        try
        {
            string Id(string name) => (string)Scalar(c, "SELECT id FROM _collections WHERE name = @n", ("@n", name))!;
            var def = (string)Scalar(c, "SELECT definition FROM _collections WHERE name = 'users'")!;
            using var doc = JsonDocument.Parse(def);
            return await Task.FromResult((Id("posts"), Id("authors"), doc.RootElement.GetProperty("_secrets").GetProperty("authToken").GetString()!));
        }
        finally
        {
            Return(c);
        }
    }

    public Task<string?> FindUserTokenKeyAsync(string id)
    {
        var c = Rent();
        try
        {
            using var cmd = Command(c, "SELECT \"users\".\"id\", \"users\".\"password\", \"users\".\"tokenKey\", \"users\".\"email\", \"users\".\"emailVisibility\", \"users\".\"verified\", \"users\".\"name\", \"users\".\"avatar\", \"users\".\"created\", \"users\".\"updated\" FROM \"users\" WHERE (\"users\".\"id\" = @p1) ORDER BY \"users\".\"rowid\" LIMIT @p2 OFFSET @p3",
                ("@p1", id), ("@p2", 1L), ("@p3", 0L));
            using var r = cmd.ExecuteReader();
            return Task.FromResult(r.Read() ? r.GetString(2) : null);
        }
        finally
        {
            Return(c);
        }
    }

    public Task<Post?> GetAsync(string id, bool authed)
    {
        var c = Rent();
        try
        {
            return Task.FromResult(ReadOne(c, id, authed));
        }
        finally
        {
            Return(c);
        }
    }

    public Task<(long Total, List<Post> Items, Dictionary<string, Author> Authors)> ListPublishedAsync(int perPage, int offset, bool expand, bool authed)
    {
        var where = authed ? "WHERE (TRUE) AND ((\"posts\".\"status\" = @p1))" : "WHERE ((\"posts\".\"status\" = @p1))";
        var c = Rent();
        try
        {
            var total = (long)Scalar(c, "SELECT COUNT(*) FROM \"posts\" " + where, ("@p1", "published"))!;
            var items = new List<Post>(perPage);
            using (var cmd = Command(c, $"SELECT {Columns} FROM \"posts\" {where} ORDER BY \"posts\".\"published\" DESC LIMIT @p2 OFFSET @p3",
                ("@p1", "published"), ("@p2", (long)perPage), ("@p3", (long)offset)))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    items.Add(ReadPost(r));
                }
            }

            var authors = new Dictionary<string, Author>();
            if (expand && items.Count > 0)
            {
                var ids = JsonSerializer.Serialize(items.Select(p => p.Author).Distinct().ToArray(), BaselineJsonContext.Default.StringArray);
                using var cmd = Command(c, "SELECT \"authors\".\"id\", \"authors\".\"name\", \"authors\".\"email\" FROM \"authors\" WHERE (\"authors\".\"id\" IN (SELECT value FROM json_each(@p1))) ORDER BY \"authors\".\"rowid\"", ("@p1", ids));
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    authors[r.GetString(0)] = new Author(r.GetString(0), r.GetString(1), r.GetString(2));
                }
            }

            return Task.FromResult((total, items, authors));
        }
        finally
        {
            Return(c);
        }
    }

    public async Task<bool> CreateAsync(Post post)
    {
        await _writeLock.WaitAsync();
        try
        {
            using var tx = _tx = _writer.BeginTransaction();
            if (!AuthorExists(post.Author))
            {
                return false;
            }

            Scalar(_writer, "SELECT 1 FROM \"posts\" WHERE \"id\" = @p1 LIMIT 1", ("@p1", post.Id));
            using (var cmd = Command(_writer, "INSERT INTO \"posts\" (\"id\", \"title\", \"body\", \"status\", \"views\", \"published\", \"author\", \"created\", \"updated\") VALUES (@p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)", Values(post)))
            {
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
            _tx = null;
            return true;
        }
        finally
        {
            _tx = null;
            _writeLock.Release();
        }
    }

    public async Task<Post?> UpdateAsync(string id, Action<Post> patch)
    {
        await _writeLock.WaitAsync();
        try
        {
            using var tx = _tx = _writer.BeginTransaction();
            var post = ReadOne(_writer, id, false);
            if (post is null)
            {
                return null;
            }

            patch(post);

            AuthorExists(post.Author);
            Scalar(_writer, "SELECT 1 FROM \"posts\" WHERE \"id\" = @p1 AND \"id\" <> @p2 LIMIT 1", ("@p1", id), ("@p2", id));
            using (var cmd = Command(_writer, "UPDATE \"posts\" SET \"id\" = @p1, \"title\" = @p2, \"body\" = @p3, \"status\" = @p4, \"views\" = @p5, \"published\" = @p6, \"author\" = @p7, \"created\" = @p8, \"updated\" = @p9 WHERE \"id\" = @p10",
                [.. Values(post), ("@p10", id)]))
            {
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
            _tx = null;
            return post;
        }
        finally
        {
            _tx = null;
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_readers.TryTake(out var c))
        {
            await c.DisposeAsync();
        }

        await _writer.DisposeAsync();
        _writeLock.Dispose();
    }

    private static (string, object)[] Values(Post p) =>
    [
        ("@p1", p.Id), ("@p2", p.Title), ("@p3", p.Body), ("@p4", p.Status), ("@p5", p.Views),
        ("@p6", p.Published), ("@p7", p.Author), ("@p8", p.Created), ("@p9", p.Updated),
    ];

    private bool AuthorExists(string author) =>
        (long)Scalar(_writer, "SELECT COUNT(*) FROM \"authors\" WHERE \"id\" IN (SELECT value FROM json_each(@p1))",
            ("@p1", JsonSerializer.Serialize(new[] { author }, BaselineJsonContext.Default.StringArray)))! == 1;

    private Post? ReadOne(SqliteConnection c, string id, bool authed)
    {
        using var cmd = Command(c, $"SELECT {Columns} FROM \"posts\" WHERE (\"posts\".\"id\" = @p1){(authed ? " AND (TRUE)" : "")} ORDER BY \"posts\".\"rowid\" LIMIT @p2 OFFSET @p3",
            ("@p1", id), ("@p2", 1L), ("@p3", 0L));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadPost(r) : null;
    }

    private static Post ReadPost(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Title = r.GetString(1),
        Body = r.GetString(2),
        Status = r.GetString(3),
        Views = r.GetDouble(4),
        Published = r.IsDBNull(5) ? "" : r.GetString(5),
        Author = r.GetString(6),
        Created = r.IsDBNull(7) ? "" : r.GetString(7),
        Updated = r.IsDBNull(8) ? "" : r.GetString(8),
    };

    private SqliteConnection Rent() => _readers.TryTake(out var c) ? c : Open();

    private void Return(SqliteConnection c) => _readers.Add(c);

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Exec(c, $"PRAGMA synchronous={_synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-4000; PRAGMA mmap_size=268435456;");
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(SqliteConnection c, string sql, params (string Name, object Value)[] ps)
    {
        using var cmd = Command(c, sql, ps);
        return cmd.ExecuteScalar();
    }

    private SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object Value)[] ps)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        if (ReferenceEquals(c, _writer))
        {
            cmd.Transaction = _tx;
        }

        foreach (var (name, value) in ps)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd;
    }
}
