using SQLitePCL;

namespace Strata.Core.Sqlite;

/// <summary>
/// Process-wide SQLite settings, applied once before the library opens its first connection (SQLite refuses them
/// afterwards, which is harmless: the defaults are only slower).
/// </summary>
internal static class SqliteProcessConfig
{
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS

    private static int _applied;

    /// <summary>Applies the settings once per process.</summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1)
        {
            return;
        }

        Batteries_V2.Init();

        // Multi-thread instead of serialized: Strata never uses one connection from two threads at once, so the
        // per-connection mutex taken on every call is pure cost. Memory statistics take a global mutex on every
        // allocation, shared by all connections; nothing reads them.
        _ = raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD);
        _ = raw.sqlite3_config(ConfigMemStatus, 0);
    }
}
