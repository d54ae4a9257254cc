using System.Text.Json;
using Npgsql;

namespace Strata.Bench.Baseline;

/// <summary>PostgreSQL: one pooled <see cref="NpgsqlDataSource"/>, a connection per request, the writes in a transaction.</summary>
public sealed class PgPostStore : IPostStore
{
    private const string Columns = "\"posts\".\"id\", \"posts\".\"title\", \"posts\".\"body\", \"posts\".\"status\", \"posts\".\"views\", \"posts\".\"published\", \"posts\".\"author\", \"posts\".\"created\", \"posts\".\"updated\"";
    private readonly NpgsqlDataSource _source;

    // The same driver settings Strata uses by default (src/Strata.Postgres/PostgresDatabase.cs): no DISCARD ALL round
    // trip when a pooled connection is reused, and Npgsql's automatic statement preparation.
    public PgPostStore(string connectionString) => _source = NpgsqlDataSource.Create(WithDefaults(connectionString));

    private static string WithDefaults(string connectionString)
    {
        var compact = connectionString.Replace(" ", "", StringComparison.Ordinal);
        var s = connectionString.TrimEnd(';');
        if (!compact.Contains("noresetonclose", StringComparison.OrdinalIgnoreCase))
        {
            s += ";No Reset On Close=true";
        }

        if (!compact.Contains("maxautoprepare", StringComparison.OrdinalIgnoreCase))
        {
            s += ";Max Auto Prepare=64";
        }

        return s;
    }

    public async Task<(string PostsId, string AuthorsId, string UsersSecret)> ReadSchemaAsync()
    {
        await using var c = await _source.OpenConnectionAsync();
        async Task<string> Id(string name) => (string)(await Scalar(c, null, "SELECT id FROM _collections WHERE name = $1", name))!;
        var def = (string)(await Scalar(c, null, "SELECT definition FROM _collections WHERE name = 'users'"))!;
        using var doc = JsonDocument.Parse(def);
        return (await Id("posts"), await Id("authors"), doc.RootElement.GetProperty("_secrets").GetProperty("authToken").GetString()!);
    }

    public async Task<string?> FindUserTokenKeyAsync(string id)
    {
        await using var c = await _source.OpenConnectionAsync();
        await using var cmd = Command(c, null, "SELECT \"users\".\"id\", \"users\".\"password\", \"users\".\"tokenKey\", \"users\".\"email\", \"users\".\"emailVisibility\", \"users\".\"verified\", \"users\".\"name\", \"users\".\"avatar\", \"users\".\"created\", \"users\".\"updated\" FROM \"users\" WHERE (\"users\".\"id\" = $1) ORDER BY \"users\".\"_rowid\" LIMIT $2 OFFSET $3",
            id, 1L, 0L);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? r.GetString(2) : null;
    }

    public async Task<Post?> GetAsync(string id, bool authed)
    {
        await using var c = await _source.OpenConnectionAsync();
        return await ReadOne(c, null, id, authed);
    }

    public async Task<(long Total, List<Post> Items, Dictionary<string, Author> Authors)> ListPublishedAsync(int perPage, int offset, bool expand, bool authed)
    {
        var where = authed ? "WHERE (TRUE) AND ((\"posts\".\"status\" = $1))" : "WHERE ((\"posts\".\"status\" = $1))";
        await using var c = await _source.OpenConnectionAsync();
        var total = (long)(await Scalar(c, null, "SELECT COUNT(*) FROM \"posts\" " + where, "published"))!;
        var items = new List<Post>(perPage);
        await using (var cmd = Command(c, null, $"SELECT {Columns} FROM \"posts\" {where} ORDER BY \"posts\".\"published\" DESC LIMIT $2 OFFSET $3", "published", (long)perPage, (long)offset))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                items.Add(ReadPost(r));
            }
        }

        var authors = new Dictionary<string, Author>();
        if (expand && items.Count > 0)
        {
            await using var cmd = Command(c, null, "SELECT \"authors\".\"id\", \"authors\".\"name\", \"authors\".\"email\" FROM \"authors\" WHERE (\"authors\".\"id\" = ANY($1)) ORDER BY \"authors\".\"_rowid\"",
                (object)items.Select(p => p.Author).Distinct().ToArray());
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                authors[r.GetString(0)] = new Author(r.GetString(0), r.GetString(1), r.GetString(2));
            }
        }

        return (total, items, authors);
    }

    public async Task<bool> CreateAsync(Post post)
    {
        await using var c = await _source.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        if (!await AuthorExists(c, tx, post.Author))
        {
            return false;
        }

        await Scalar(c, tx, "SELECT 1 FROM \"posts\" WHERE \"id\" = $1 LIMIT 1", post.Id);
        await using (var cmd = Command(c, tx, "INSERT INTO \"posts\" (\"id\", \"title\", \"body\", \"status\", \"views\", \"published\", \"author\", \"created\", \"updated\") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", Values(post)))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        return true;
    }

    public async Task<Post?> UpdateAsync(string id, Action<Post> patch)
    {
        await using var c = await _source.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        var post = await ReadOne(c, tx, id, false);
        if (post is null)
        {
            return null;
        }

        patch(post);

        await AuthorExists(c, tx, post.Author);
        await Scalar(c, tx, "SELECT 1 FROM \"posts\" WHERE \"id\" = $1 AND \"id\" <> $2 LIMIT 1", id, id);
        await using (var cmd = Command(c, tx, "UPDATE \"posts\" SET \"id\" = $1, \"title\" = $2, \"body\" = $3, \"status\" = $4, \"views\" = $5, \"published\" = $6, \"author\" = $7, \"created\" = $8, \"updated\" = $9 WHERE \"id\" = $10",
            [.. Values(post), id]))
        {
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        return post;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static object[] Values(Post p) =>
    [
        p.Id, p.Title, p.Body, p.Status, p.Views, (object?)Dates.ToDateTime(p.Published) ?? DBNull.Value, p.Author,
        (object?)Dates.ToDateTime(p.Created) ?? DBNull.Value, (object?)Dates.ToDateTime(p.Updated) ?? DBNull.Value,
    ];

    private static async Task<bool> AuthorExists(NpgsqlConnection c, NpgsqlTransaction tx, string author) =>
        (long)(await Scalar(c, tx, "SELECT COUNT(*) FROM \"authors\" WHERE \"id\" = ANY($1)", (object)new[] { author }))! == 1;

    private static async Task<Post?> ReadOne(NpgsqlConnection c, NpgsqlTransaction? tx, string id, bool authed)
    {
        await using var cmd = Command(c, tx, $"SELECT {Columns} FROM \"posts\" WHERE (\"posts\".\"id\" = $1){(authed ? " AND (TRUE)" : "")} ORDER BY \"posts\".\"_rowid\" LIMIT $2 OFFSET $3",
            id, 1L, 0L);
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? ReadPost(r) : null;
    }

    private static Post ReadPost(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Title = r.GetString(1),
        Body = r.GetString(2),
        Status = r.GetString(3),
        Views = r.GetDouble(4),
        Published = r.IsDBNull(5) ? "" : Dates.FromDateTime(r.GetDateTime(5)),
        Author = r.GetString(6),
        Created = r.IsDBNull(7) ? "" : Dates.FromDateTime(r.GetDateTime(7)),
        Updated = r.IsDBNull(8) ? "" : Dates.FromDateTime(r.GetDateTime(8)),
    };

    private static async Task<object?> Scalar(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params object[] ps)
    {
        await using var cmd = Command(c, tx, sql, ps);
        return await cmd.ExecuteScalarAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params object[] ps)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var value in ps)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return cmd;
    }
}
