namespace Strata.Core.Storage;

public static partial class SystemTables
{
    /// <summary>Server-side sessions of auth records (one per login, revocable).</summary>
    public const string Sessions = "_strata_sessions";

    /// <summary>The SHA-256 hashes of the tokens issued within each session.</summary>
    public const string SessionTokens = "_strata_session_tokens";

    /// <summary>API keys (only the SHA-256 hash of each secret is stored).</summary>
    public const string ApiKeys = "_strata_api_keys";

    /// <summary>Auth records created by guest sign-in that have not been upgraded yet.</summary>
    public const string Guests = "_strata_guests";

    /// <summary>Rate-limit counters shared across nodes (used on PostgreSQL).</summary>
    public const string RateLimits = "_strata_rate_limits";

    /// <summary>The statements creating the auth-extension tables (a getter, so initialisation order does not matter).</summary>
    private static string[] AuthCreateStatements =>
    [
        $"CREATE TABLE IF NOT EXISTS {Sessions} (id TEXT PRIMARY KEY NOT NULL, collection_id TEXT NOT NULL, record_id TEXT NOT NULL, refreshable BOOLEAN NOT NULL, user_agent TEXT NOT NULL, ip TEXT NOT NULL, created TEXT NOT NULL, last_seen TEXT NOT NULL, expires TEXT NOT NULL)",
        $"CREATE INDEX IF NOT EXISTS {Sessions}_record ON {Sessions} (record_id, collection_id)",
        $"CREATE TABLE IF NOT EXISTS {SessionTokens} (token_hash TEXT PRIMARY KEY NOT NULL, session_id TEXT NOT NULL, expires TEXT NOT NULL)",
        $"CREATE INDEX IF NOT EXISTS {SessionTokens}_session ON {SessionTokens} (session_id)",
        $"CREATE TABLE IF NOT EXISTS {ApiKeys} (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, key_hash TEXT NOT NULL, hint TEXT NOT NULL, collection_id TEXT NOT NULL, record_id TEXT NOT NULL, role TEXT NOT NULL, scopes TEXT NOT NULL, expires TEXT NOT NULL, created_by TEXT NOT NULL, created TEXT NOT NULL, last_used TEXT NOT NULL)",
        $"CREATE UNIQUE INDEX IF NOT EXISTS {ApiKeys}_hash ON {ApiKeys} (key_hash)",
        $"CREATE INDEX IF NOT EXISTS {ApiKeys}_record ON {ApiKeys} (record_id, collection_id)",
        $"CREATE TABLE IF NOT EXISTS {Guests} (collection_id TEXT NOT NULL, record_id TEXT NOT NULL, created TEXT NOT NULL, PRIMARY KEY (collection_id, record_id))",
        $"CREATE TABLE IF NOT EXISTS {RateLimits} (key TEXT PRIMARY KEY NOT NULL, hits INTEGER NOT NULL, expires BIGINT NOT NULL)",
        $"CREATE INDEX IF NOT EXISTS {RateLimits}_expires ON {RateLimits} (expires)",
    ];
}
