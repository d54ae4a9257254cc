namespace Strata.Core;

/// <summary>Start-up options of a <see cref="StrataEngine"/>.</summary>
public sealed record EngineOptions
{
    /// <summary>Where migration files live; null disables them.</summary>
    public string? MigrationsDirectory { get; init; }

    /// <summary>Apply pending migration files at start (the default, as <c>strata serve</c> does).</summary>
    public bool ApplyMigrations { get; init; } = true;

    /// <summary>Record hooks registered before the engine opens (an app's hooks); null for an empty set.</summary>
    public Hooks.RecordHooks? Hooks { get; init; }

    /// <summary>An app's code migrations, run in name order with migration files.</summary>
    public IReadOnlyList<Migrations.ICodeMigration> CodeMigrations { get; init; } = [];

    /// <summary>Where local-disk files live (<c>&lt;dataDir&gt;/storage</c>); null for a fresh temporary directory.</summary>
    public string? StorageDirectory { get; init; }

    /// <summary>Makes the S3 store when the settings enable S3 (Strata.S3 provides it); null keeps files on local disk.</summary>
    public Func<Files.S3Settings, Files.IBlobStore>? S3StoreFactory { get; init; }

    /// <summary>The clock; null for the system clock.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Realtime limits and channel rules; null for the defaults.</summary>
    public Realtime.RealtimeOptions? Realtime { get; init; }

    /// <summary>The realtime backplane; null picks PostgreSQL LISTEN/NOTIFY on PostgreSQL and in-process otherwise.</summary>
    public Realtime.IRealtimeBackplane? Backplane { get; init; }
}
