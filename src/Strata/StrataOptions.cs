namespace Strata;

/// <summary>
/// Where Strata listens and keeps its data. Each value comes from, in rising priority: the built-in default,
/// <c>strata.json</c> (or <c>--config</c>), an environment variable <c>STRATA_*</c>, and a command-line flag.
/// </summary>
public sealed record StrataOptions
{
    /// <summary>The listen address (<c>--http</c>, <c>STRATA_HTTP</c>, <c>"http"</c>).</summary>
    public string Http { get; init; } = "127.0.0.1:8090";

    /// <summary>The data directory (<c>--dir</c>, <c>STRATA_DIR</c>, <c>"dir"</c>).</summary>
    public string Dir { get; init; } = "strata_data";

    /// <summary>A PostgreSQL connection (<c>--db</c>, <c>STRATA_DB</c>, <c>"db"</c>); empty means SQLite in <see cref="Dir"/>.</summary>
    public string Db { get; init; } = "";

    /// <summary>The migrations directory (<c>--migrations-dir</c>, <c>STRATA_MIGRATIONS_DIR</c>); default <c>DIR/strata_migrations</c>.</summary>
    public string MigrationsDir { get; init; } = "";

    /// <summary>SQLite's synchronous pragma (<c>STRATA_SQLITE_SYNCHRONOUS</c>): NORMAL (default) or FULL.</summary>
    public string SqliteSynchronous { get; init; } = "NORMAL";

    /// <summary>
    /// WebSocket channel rules as JSON (<c>STRATA_REALTIME_CHANNELS</c>, <c>"realtimeChannels"</c>): a list of
    /// <c>{"pattern": "room:{id}", "rule": "members.id ?= @request.auth.id", "collection": "rooms"}</c>, added after
    /// the app's own rules. Empty for none.
    /// </summary>
    public string RealtimeChannels { get; init; } = "";

    /// <summary>Log format (<c>--log-format</c>, <c>STRATA_LOG_FORMAT</c>): <c>text</c> or <c>json</c>.</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>The effective migrations directory.</summary>
    public string EffectiveMigrationsDir => MigrationsDir.Length > 0 ? MigrationsDir : Path.Combine(Dir, "strata_migrations");
}
