using Strata.Core;
using Strata.Core.Sqlite;
using Strata.Core.Storage;
using Strata.Postgres;

namespace Strata;

/// <summary>Opens the engine on SQLite or PostgreSQL as the options say.</summary>
public static class StrataDatabaseFactory
{
    /// <summary>Creates the database of the options.</summary>
    /// <param name="options">The options.</param>
    public static IDatabase Create(StrataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Db.Length > 0)
        {
            return new PostgresDatabase(options.Db);
        }

        Directory.CreateDirectory(options.Dir);
        return new SqliteDatabase(Path.Combine(options.Dir, "data.db"), options.SqliteSynchronous);
    }

    /// <summary>Opens the engine (applying pending migrations unless told not to).</summary>
    /// <param name="options">The options.</param>
    /// <param name="applyMigrations">Whether to apply pending migration files.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <param name="app">The app whose hooks and code migrations the engine runs, or null.</param>
    public static Task<StrataEngine> OpenAsync(StrataOptions options, bool applyMigrations = true, CancellationToken cancellationToken = default, StrataApp? app = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var realtime = app?.Realtime ?? new Core.Realtime.RealtimeOptions();
        foreach (var rule in RealtimeChannelConfig.Parse(options.RealtimeChannels))
        {
            if (!realtime.Channels.Exists(r => r.Pattern == rule.Pattern && r.Rule == rule.Rule && r.Collection == rule.Collection))
            {
                realtime.Channels.Add(rule);
            }
        }

        return StrataEngine.OpenAsync(Create(options), new EngineOptions
        {
            MigrationsDirectory = options.EffectiveMigrationsDir,
            StorageDirectory = Path.Combine(options.Dir, "storage"),
            S3StoreFactory = S3.S3BlobStore.Create,
            ApplyMigrations = applyMigrations,
            Hooks = app?.Hooks,
            CodeMigrations = app?.Migrations ?? [],
            Realtime = realtime,
        }, cancellationToken);
    }
}
