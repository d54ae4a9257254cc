using System.Data.Common;
using Microsoft.Data.Sqlite;
using Strata.Filter.Sql;
using Strata.Filter.Sql.Dialects;

namespace Strata.Filter.Tests.Support;

/// <summary>An in-memory SQLite database with Strata's SQLite column types.</summary>
internal sealed class SqliteFilterDatabase : FilterDatabase
{
    private readonly SqliteConnection _connection;

    public SqliteFilterDatabase(IReadOnlyList<ItemRow>? items = null)
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        Execute("""
            CREATE TABLE users (id TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '', age NUMERIC NOT NULL DEFAULT 0,
              active BOOLEAN NOT NULL DEFAULT FALSE, birthday TEXT NOT NULL DEFAULT '');
            CREATE TABLE items (rid INTEGER PRIMARY KEY, id TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '',
              body TEXT NOT NULL DEFAULT '', views NUMERIC NOT NULL DEFAULT 0, price NUMERIC NOT NULL DEFAULT 0,
              verified BOOLEAN NOT NULL DEFAULT FALSE, created TEXT NOT NULL DEFAULT '', published TEXT NOT NULL DEFAULT '',
              data JSON, tags JSON NOT NULL DEFAULT '[]', scores JSON NOT NULL DEFAULT '[]', loc JSON,
              owner TEXT NOT NULL DEFAULT '');
            """);
        foreach (var u in TestData.Users)
        {
            Execute("INSERT INTO users VALUES (@id, @name, @age, @active, @birthday)",
                ("@id", u.Id), ("@name", u.Name), ("@age", u.Age), ("@active", u.Active), ("@birthday", u.Birthday));
        }
        foreach (var r in items ?? TestData.Items)
        {
            Execute("""
                INSERT INTO items (id, title, body, views, price, verified, created, published, data, tags, scores, loc, owner)
                VALUES (@id, @title, @body, @views, @price, @verified, @created, @published, @data, @tags, @scores, @loc, @owner)
                """,
                ("@id", r.Id), ("@title", r.Title), ("@body", r.Body), ("@views", r.Views), ("@price", r.Price),
                ("@verified", r.Verified), ("@created", r.Created), ("@published", r.Published), ("@data", r.Data),
                ("@tags", r.Tags), ("@scores", r.Scores), ("@loc", r.Loc), ("@owner", r.Owner));
        }
    }

    protected override DbConnection Connection => _connection;

    public override ISqlDialect Dialect => SqliteFilterDialect.Instance;

    public override void Dispose() => _connection.Dispose();
}
