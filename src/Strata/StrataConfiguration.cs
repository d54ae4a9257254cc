using System.Text.Json;

namespace Strata;

/// <summary>Builds <see cref="StrataOptions"/> from a config file, environment variables and flags (in that order).</summary>
public static class StrataConfiguration
{
    /// <summary>The config file read when <c>--config</c> is not given and it exists in the working directory.</summary>
    public const string DefaultFile = "strata.json";

    /// <summary>Resolves the options.</summary>
    /// <param name="configFile">The <c>--config</c> value, or null.</param>
    /// <param name="flags">Flag values by option name (<c>http</c>, <c>dir</c>, <c>db</c>, <c>migrationsDir</c>, <c>logFormat</c>); null when not given.</param>
    /// <param name="environment">The environment lookup (for tests); null for the process environment.</param>
    /// <exception cref="InvalidOperationException">The config file is missing or not valid JSON.</exception>
    public static StrataOptions Resolve(string? configFile, IReadOnlyDictionary<string, string?> flags, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        environment ??= Environment.GetEnvironmentVariable;
        var file = ReadFile(configFile);
        string Pick(string key, string env, string fallback) =>
            flags.GetValueOrDefault(key) is { Length: > 0 } f ? f
            : environment(env) is { Length: > 0 } e ? e
            : file.TryGetValue(key, out var v) && v.Length > 0 ? v
            : fallback;
        var d = new StrataOptions();
        return new StrataOptions
        {
            Http = Pick("http", "STRATA_HTTP", d.Http),
            Dir = Pick("dir", "STRATA_DIR", d.Dir),
            Db = Pick("db", "STRATA_DB", d.Db),
            MigrationsDir = Pick("migrationsDir", "STRATA_MIGRATIONS_DIR", d.MigrationsDir),
            SqliteSynchronous = Pick("sqliteSynchronous", "STRATA_SQLITE_SYNCHRONOUS", d.SqliteSynchronous),
            LogFormat = Pick("logFormat", "STRATA_LOG_FORMAT", d.LogFormat),
            RealtimeChannels = Pick("realtimeChannels", "STRATA_REALTIME_CHANNELS", d.RealtimeChannels),
        };
    }

    private static Dictionary<string, string> ReadFile(string? configFile)
    {
        var path = configFile ?? (File.Exists(DefaultFile) ? DefaultFile : null);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path is null)
        {
            return result;
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Config file {path} does not exist.");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Config file {path} is not valid JSON: {e.Message}", e);
        }

        return result;
    }
}
