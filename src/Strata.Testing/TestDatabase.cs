using Npgsql;
using Strata.Core.Sqlite;
using Strata.Core.Storage;
using Strata.Postgres;

namespace Strata.Testing;

/// <summary>
/// A throw-away database for one test: a SQLite file in a fresh temp directory, or a fresh PostgreSQL database on
/// the server named by <c>STRATA_TEST_PG</c>. The engine comes from <c>STRATA_TEST_ENGINE</c> (<c>sqlite</c> or <c>postgres</c>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _adminConnection;

    private TestDatabase(string engine, string directory, string? connection, string? adminConnection, string? databaseName)
    {
        Engine = engine;
        Directory = directory;
        Connection = connection;
        _adminConnection = adminConnection;
        DatabaseName = databaseName;
    }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Engine { get; }

    /// <summary>A fresh temp directory (the SQLite data directory, or scratch space on PostgreSQL).</summary>
    public string Directory { get; }

    /// <summary>The PostgreSQL connection string, or null on SQLite.</summary>
    public string? Connection { get; }

    /// <summary>The PostgreSQL database name, or null.</summary>
    public string? DatabaseName { get; }

    /// <summary>The engine selected by the environment (default <c>sqlite</c>).</summary>
    public static string SelectedEngine =>
        (Environment.GetEnvironmentVariable("STRATA_TEST_ENGINE") ?? "sqlite").Trim().ToLowerInvariant();

    /// <summary>Creates a database on the selected engine.</summary>
    /// <param name="engine">Overrides the selected engine.</param>
    /// <exception cref="InvalidOperationException">PostgreSQL was selected but <c>STRATA_TEST_PG</c> is not set.</exception>
    public static async Task<TestDatabase> CreateAsync(string? engine = null)
    {
        engine ??= SelectedEngine;
        var dir = Path.Combine(Path.GetTempPath(), "strata-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(dir);
        if (engine == "sqlite")
        {
            return new TestDatabase(engine, dir, null, null, null);
        }

        if (engine != "postgres")
        {
            throw new InvalidOperationException($"Unknown STRATA_TEST_ENGINE '{engine}': use sqlite or postgres.");
        }

        var admin = Environment.GetEnvironmentVariable("STRATA_TEST_PG");
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException("STRATA_TEST_ENGINE=postgres needs STRATA_TEST_PG (an Npgsql connection string to a server where tests may CREATE DATABASE). scripts/test.sh sets it.");
        }

        var name = "strata_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
#pragma warning disable CA2100 // The name is generated above from a GUID.
            cmd.CommandText = $"CREATE DATABASE \"{name}\"";
#pragma warning restore CA2100
            await cmd.ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 20 }.ConnectionString;
        return new TestDatabase(engine, dir, connection, admin, name);
    }

    /// <summary>Opens the database for an engine.</summary>
    public IDatabase Open() => Connection is null
        ? new SqliteDatabase(Path.Combine(Directory, "data.db"))
        : new PostgresDatabase(Connection);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_adminConnection is not null && DatabaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_adminConnection);
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
#pragma warning disable CA2100 // The name is generated from a GUID.
            cmd.CommandText = $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)";
#pragma warning restore CA2100
            await cmd.ExecuteNonQueryAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalising connection; the temp directory is cleaned by the OS eventually.
        }
    }
}
