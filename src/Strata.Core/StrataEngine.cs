using Strata.Core.Files;
using Strata.Core.Hooks;
using Strata.Core.Jobs;
using Strata.Core.RateLimits;
using Strata.Core.Realtime;
using Strata.Core.Webhooks;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Settings;
using Strata.Core.Sqlite;
using Strata.Core.Storage;

namespace Strata.Core;

/// <summary>
/// One running Strata data plane: the database, the schema, the records service and the settings.
/// The HTTP API, the CLI and apps all work through it.
/// </summary>
public sealed class StrataEngine : IAsyncDisposable
{
    private StrataEngine(IDatabase db, TimeProvider clock, string? migrationsDirectory, RecordHooks hooks, EngineOptions options)
    {
        Database = db;
        Clock = clock;
        Schema = new SchemaManager(db, clock, migrationsDirectory);
        Hooks = hooks;
        hooks.Engine = this;
        Records = new RecordService(db, Schema, clock, Hooks);
        Settings = new SettingsStore(db);
        RateLimits = new RateLimiter(db, Settings, clock);
        Jobs = new JobQueue(db, clock);
        Webhooks = new WebhookService(db, Jobs, clock);
        Hooks.OnCommitted(null, Webhooks.OnCommittedAsync);
        Files = new FileService(Settings, options.StorageDirectory ?? Path.Combine(Path.GetTempPath(), "strata-storage-" + Guid.NewGuid().ToString("N")), options.S3StoreFactory);
        Records.Files = Files;
        Hooks.OnCommitted(null, Files.OnCommittedAsync);
        Realtime = new RealtimeHub(this, options.Backplane ?? (db is IRealtimeBackplaneSource source ? source.CreateBackplane() : new InProcessBackplane()), options.Realtime ?? new RealtimeOptions());
        Hooks.OnCommitted(null, Realtime.OnCommittedAsync);
        Schema.Records = Records;
        Schema.RuleValidator = RuleValidation.Validate;
    }

    /// <summary>The database.</summary>
    public IDatabase Database { get; }

    /// <summary>The clock (a test can move it).</summary>
    public TimeProvider Clock { get; }

    /// <summary>The collections.</summary>
    public SchemaManager Schema { get; }

    /// <summary>The record lifecycle hooks (in-transaction handlers and committed-change listeners).</summary>
    public RecordHooks Hooks { get; }

    /// <summary>The records.</summary>
    public RecordService Records { get; }

    /// <summary>The durable job queue.</summary>
    public JobQueue Jobs { get; }

    /// <summary>Outgoing webhooks.</summary>
    public WebhookService Webhooks { get; }

    /// <summary>The settings.</summary>
    public SettingsStore Settings { get; }

    /// <summary>Rate limits (rules from the settings; counters shared in the database on PostgreSQL).</summary>
    public RateLimiter RateLimits { get; }

    /// <summary>Realtime: SSE subscriptions, WebSocket channels, presence and direct messages, across nodes.</summary>
    public RealtimeHub Realtime { get; }

    /// <summary>Record files: storage, clean-up, thumbnails.</summary>
    public FileService Files { get; }

    /// <summary>Opens the engine: system tables, default collections, pending migrations, settings.</summary>
    /// <param name="db">The database (see <see cref="SqliteDatabase"/> and Strata.Postgres).</param>
    /// <param name="options">Start-up options.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<StrataEngine> OpenAsync(IDatabase db, EngineOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        if (db is SqliteDatabase sqlite)
        {
            await sqlite.InitializeAsync(cancellationToken);
        }

        var engine = new StrataEngine(db, options.Clock ?? TimeProvider.System, options.MigrationsDirectory, options.Hooks ?? new RecordHooks(), options);
        engine.Schema.CodeMigrations = options.CodeMigrations;
        await engine.Schema.InitializeAsync(cancellationToken);
        if (options.ApplyMigrations)
        {
            await engine.Schema.MigrateUpAsync(null, cancellationToken);
        }

        await engine.Settings.LoadAsync(cancellationToken);
        await engine.Realtime.StartAsync(cancellationToken);
        return engine;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Realtime.DisposeAsync();
        await Database.DisposeAsync();
    }
}
