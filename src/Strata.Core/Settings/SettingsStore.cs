using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Core.Settings;

/// <summary>
/// The application settings of contract §8.2, stored as one JSON document in the database so every node sees the
/// same values. Unknown keys are kept; secrets are redacted in API output.
/// </summary>
public sealed partial class SettingsStore
{
    private const string Key = "settings";
    private readonly IDatabase _db;
    private volatile JsonObject _current = Defaults();

    /// <summary>Creates the store.</summary>
    /// <param name="db">The database.</param>
    public SettingsStore(IDatabase db) => _db = db;

    /// <summary>The current settings (treat as read-only).</summary>
    public JsonObject Current => _current;

    /// <summary>Whether batch requests are enabled and how many sub-requests they may hold.</summary>
    public (bool Enabled, int MaxRequests, int TimeoutSeconds, long MaxBodySize) Batch
    {
        get
        {
            var b = _current["batch"] as JsonObject;
            return (b?["enabled"] is JsonValue e && e.TryGetValue<bool>(out var enabled) && enabled,
                (int)(TryNumber(b?["maxRequests"], out var max) ? max : 50),
                (int)(TryNumber(b?["timeout"], out var timeout) ? timeout : 3),
                (long)(TryNumber(b?["maxBodySize"], out var size) ? size : 0));
        }
    }

    /// <summary>The default settings.</summary>
    public static JsonObject Defaults() => new()
    {
        ["meta"] = new JsonObject
        {
            ["appName"] = "Strata", ["appURL"] = "http://127.0.0.1:8090", ["senderName"] = "Support",
            ["senderAddress"] = "support@example.com", ["hideControls"] = false,
        },
        ["smtp"] = new JsonObject
        {
            ["enabled"] = false, ["host"] = "smtp.example.com", ["port"] = 587, ["username"] = "", ["password"] = "",
            ["authMethod"] = "", ["tls"] = false, ["localName"] = "",
        },
        ["s3"] = new JsonObject
        {
            ["enabled"] = false, ["bucket"] = "", ["region"] = "", ["endpoint"] = "", ["accessKey"] = "", ["secret"] = "",
            ["forcePathStyle"] = false,
        },
        ["backups"] = new JsonObject { ["cron"] = "", ["cronMaxKeep"] = 3, ["s3"] = new JsonObject { ["enabled"] = false } },
        ["batch"] = new JsonObject { ["enabled"] = false, ["maxRequests"] = 50, ["timeout"] = 3, ["maxBodySize"] = 0 },
        ["rateLimits"] = DefaultRateLimits(),
        ["trustedProxy"] = new JsonObject { ["headers"] = new JsonArray(), ["useLeftmostIP"] = false },
        ["logs"] = new JsonObject { ["maxDays"] = 5, ["minLevel"] = 0, ["logIP"] = true, ["logAuthId"] = false },
        ["superuserIPs"] = new JsonArray(),
        ["cors"] = new JsonObject { ["allowedOrigins"] = new JsonArray() },
    };

    /// <summary>Loads the stored settings over the defaults.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        var p = new SqlParameters();
        await using var cmd = SqlText.Command(conn, $"SELECT value FROM {SystemTables.Params} WHERE key = {p.Add(Key)}", p);
        var stored = await cmd.ExecuteScalarAsync(cancellationToken) as string;
        var merged = Defaults();
        if (stored is not null && JsonNode.Parse(stored) is JsonObject o)
        {
            DeepMerge(merged, o);
        }

        _current = merged;
    }

    /// <summary>Deep-merges a partial settings object, validates and stores it.</summary>
    /// <param name="patch">The partial settings.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<JsonObject> UpdateAsync(JsonObject patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var next = (JsonObject)_current.DeepClone();
        DeepMerge(next, patch);
        Validate(next);
        var json = next.ToJsonString();
        await _db.WriteAsync(async tx =>
        {
            var p = new SqlParameters();
            await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.Params} WHERE key = {p.Add(Key)}", p, cancellationToken);
            p = new SqlParameters();
            await SqlText.ExecuteAsync(tx,
                $"INSERT INTO {SystemTables.Params} (key, value, updated) VALUES ({p.Add(Key)}, {p.Add(json)}, {p.Add(DateTimeText.Now())})",
                p, cancellationToken);
            return 0;
        }, cancellationToken);
        _current = next;
        return next;
    }

    /// <summary>The settings as the API returns them: secrets blanked.</summary>
    public JsonObject Redacted()
    {
        var copy = (JsonObject)_current.DeepClone();
        if (copy["smtp"] is JsonObject smtp)
        {
            smtp["password"] = "";
        }

        if (copy["s3"] is JsonObject s3)
        {
            s3["secret"] = "";
        }

        if (copy["backups"]?["s3"] is JsonObject bs3)
        {
            bs3["secret"] = "";
        }

        return copy;
    }

    private static void Validate(JsonObject s)
    {
        var errors = new ValidationErrors();
        if (s["batch"] is JsonObject b)
        {
            CheckNumber(b, "maxRequests", 0, 100000, "batch.maxRequests", errors);
            CheckNumber(b, "timeout", 0, 3600, "batch.timeout", errors);
            CheckNumber(b, "maxBodySize", 0, long.MaxValue, "batch.maxBodySize", errors);
            if (b["enabled"] is not JsonValue ev || !ev.TryGetValue<bool>(out _))
            {
                errors.Add("batch.enabled", new FieldError("validation_invalid_value", "Must be a boolean."));
            }
        }

        ValidateAuthExtensions(s, errors);
        if (s["meta"] is JsonObject m && m["appName"] is JsonValue an && an.TryGetValue<string>(out var name) && name.Trim().Length == 0)
        {
            errors.Add("meta.appName", FieldError.Required());
        }

        errors.ThrowIfAny("An error occurred while saving the new settings.");
    }

    private static void CheckNumber(JsonObject o, string key, double min, double max, string path, ValidationErrors errors)
    {
        if (!TryNumber(o[key], out var d) || d < min || d > max)
        {
            errors.Add(path, new FieldError("validation_invalid_value", "Invalid value."));
        }
    }

    /// <summary>
    /// Reads a JSON number whatever backs it: the defaults hold CLR ints, for which <c>TryGetValue&lt;double&gt;</c> is
    /// false (and <c>GetValue&lt;double&gt;</c> throws), while parsed patches hold JSON elements.
    /// </summary>
    private static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number &&
            double.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    private static void DeepMerge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is JsonObject po && target[key] is JsonObject to)
            {
                DeepMerge(to, po);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
