namespace Strata.Core.Storage;

/// <summary>
/// The tables Strata keeps for itself. The SQL is the same on SQLite and PostgreSQL; values are text so both
/// engines read them alike.
/// </summary>
public static partial class SystemTables
{
    /// <summary>Collection definitions.</summary>
    public const string Collections = "_collections";

    /// <summary>Key/value settings.</summary>
    public const string Params = "_params";

    /// <summary>Applied migrations.</summary>
    public const string Migrations = "_migrations";

    /// <summary>The durable job queue.</summary>
    public const string Jobs = "_jobs";

    /// <summary>Cron occurrences already started, so each runs once across nodes.</summary>
    public const string CronRuns = "_cron_runs";

    /// <summary>Outgoing webhook subscriptions.</summary>
    public const string Webhooks = "_webhooks";

    /// <summary>The delivery log of outgoing webhooks.</summary>
    public const string WebhookDeliveries = "_webhook_deliveries";

    /// <summary>Statements that create the system tables when missing.</summary>
    public static IReadOnlyList<string> CreateStatements { get; } =
    [
        $"CREATE TABLE IF NOT EXISTS {Collections} (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, system BOOLEAN NOT NULL DEFAULT FALSE, definition TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL)",
        $"CREATE UNIQUE INDEX IF NOT EXISTS {Collections}_name ON {Collections} (lower(name))",
        $"CREATE TABLE IF NOT EXISTS {Params} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated TEXT NOT NULL)",
        $"CREATE TABLE IF NOT EXISTS {Migrations} (file TEXT PRIMARY KEY NOT NULL, applied TEXT NOT NULL)",
        // Times are canonical UTC text on both engines: they sort correctly and compare the same everywhere.
        $"CREATE TABLE IF NOT EXISTS {Jobs} (id TEXT PRIMARY KEY NOT NULL, queue TEXT NOT NULL, name TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL, run_at TEXT NOT NULL, locked_until TEXT NOT NULL DEFAULT '', locked_by TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '', dedupe_key TEXT NULL, created TEXT NOT NULL, updated TEXT NOT NULL)",
        $"CREATE INDEX IF NOT EXISTS {Jobs}_claim ON {Jobs} (queue, status, run_at)",
        $"CREATE TABLE IF NOT EXISTS {CronRuns} (id TEXT NOT NULL, occurrence TEXT NOT NULL, created TEXT NOT NULL, PRIMARY KEY (id, occurrence))",
        $"CREATE TABLE IF NOT EXISTS {Webhooks} (id TEXT PRIMARY KEY NOT NULL, collection TEXT NOT NULL, actions TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL, enabled BOOLEAN NOT NULL DEFAULT TRUE, created TEXT NOT NULL, updated TEXT NOT NULL)",
        $"CREATE TABLE IF NOT EXISTS {WebhookDeliveries} (id TEXT PRIMARY KEY NOT NULL, webhook TEXT NOT NULL, event TEXT NOT NULL, attempt INTEGER NOT NULL, status INTEGER NOT NULL, error TEXT NOT NULL, created TEXT NOT NULL)",
        $"CREATE INDEX IF NOT EXISTS {WebhookDeliveries}_webhook ON {WebhookDeliveries} (webhook, created)",
        $"CREATE UNIQUE INDEX IF NOT EXISTS {Jobs}_dedupe ON {Jobs} (dedupe_key) WHERE dedupe_key IS NOT NULL AND status IN ('pending', 'running')",
        .. AuthCreateStatements,
    ];
}
