namespace Strata.Filter.Tests.Support;

/// <summary>One SQLite and one PostgreSQL database per test class, holding the same rows.</summary>
public sealed class DatabasesFixture : IDisposable
{
    private readonly Lazy<SqliteFilterDatabase> _sqlite = new(() => new SqliteFilterDatabase());
    private readonly Lazy<PostgresFilterDatabase> _postgres = new(() => new PostgresFilterDatabase());

    internal SqliteFilterDatabase Sqlite => _sqlite.Value;

    internal PostgresFilterDatabase Postgres => _postgres.Value;

    public void Dispose()
    {
        if (_sqlite.IsValueCreated)
            _sqlite.Value.Dispose();
        if (_postgres.IsValueCreated)
            _postgres.Value.Dispose();
    }
}
