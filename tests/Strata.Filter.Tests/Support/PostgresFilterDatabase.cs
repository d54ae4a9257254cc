using System.Data.Common;
using Npgsql;
using Strata.Filter.Sql;
using Strata.Filter.Sql.Dialects;

namespace Strata.Filter.Tests.Support;

/// <summary>
/// A private schema on the PostgreSQL server named by <c>STRATA_TEST_PG</c>, with Strata's PostgreSQL column types.
/// A missing variable fails the tests: parity with SQLite is part of the contract, not optional.
/// </summary>
internal sealed class PostgresFilterDatabase : FilterDatabase
{
    public const string Variable = "STRATA_TEST_PG";
    private readonly NpgsqlConnection _connection;
    private readonly string _schema;

    public PostgresFilterDatabase(IReadOnlyList<ItemRow>? items = null)
    {
        var cs = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(cs))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL parity tests need a server, e.g. " +
                $"{Variable}=\"Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres\" (see docs/filter.md).");
        }
        _schema = "filter_" + Guid.NewGuid().ToString("N")[..12];
        using (var admin = new NpgsqlConnection(cs))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA {_schema}", admin);
            create.ExecuteNonQuery();
        }
        _connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { SearchPath = _schema }.ConnectionString);
        _connection.Open();
        Execute(PostgresFilterDialect.Instance.SetupSql!);
        Execute("""
            CREATE TABLE users (id text COLLATE "C" NOT NULL DEFAULT '', name text COLLATE "C" NOT NULL DEFAULT '',
              age double precision NOT NULL DEFAULT 0, active boolean NOT NULL DEFAULT false, birthday timestamptz NULL);
            CREATE TABLE items (rid bigserial PRIMARY KEY, id text COLLATE "C" NOT NULL DEFAULT '',
              title text COLLATE "C" NOT NULL DEFAULT '', body text COLLATE "C" NOT NULL DEFAULT '',
              views double precision NOT NULL DEFAULT 0, price double precision NOT NULL DEFAULT 0,
              verified boolean NOT NULL DEFAULT false, created timestamptz NULL, published timestamptz NULL,
              data jsonb NULL, tags jsonb NOT NULL DEFAULT '[]', scores jsonb NOT NULL DEFAULT '[]', loc jsonb NULL,
              owner text COLLATE "C" NOT NULL DEFAULT '');
            """);
        foreach (var u in TestData.Users)
        {
            Execute("INSERT INTO users VALUES (@id, @name, @age, @active, @birthday)",
                ("id", u.Id), ("name", u.Name), ("age", u.Age), ("active", u.Active), ("birthday", Date(u.Birthday)));
        }
        foreach (var r in items ?? TestData.Items)
        {
            Execute("""
                INSERT INTO items (id, title, body, views, price, verified, created, published, data, tags, scores, loc, owner)
                VALUES (@id, @title, @body, @views, @price, @verified, @created, @published, CAST(@data AS jsonb),
                  CAST(@tags AS jsonb), CAST(@scores AS jsonb), CAST(@loc AS jsonb), @owner)
                """,
                ("id", r.Id), ("title", r.Title), ("body", r.Body), ("views", r.Views), ("price", r.Price),
                ("verified", r.Verified), ("created", Date(r.Created)), ("published", Date(r.Published)),
                ("data", r.Data), ("tags", r.Tags), ("scores", r.Scores), ("loc", r.Loc), ("owner", r.Owner));
        }
    }

    protected override DbConnection Connection => _connection;

    public override ISqlDialect Dialect => PostgresFilterDialect.Instance;

    private static object Date(string canonical) =>
        canonical.Length == 0
            ? DBNull.Value
            : DateTime.SpecifyKind(DateTime.ParseExact(canonical, "yyyy-MM-dd HH:mm:ss.fff'Z'",
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), DateTimeKind.Utc);

    public override void Dispose()
    {
        try
        {
            using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", _connection);
            drop.ExecuteNonQuery();
        }
        finally
        {
            _connection.Dispose();
        }
    }
}
