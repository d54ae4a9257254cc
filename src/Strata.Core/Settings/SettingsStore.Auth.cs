using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.RateLimits;

namespace Strata.Core.Settings;

public sealed partial class SettingsStore
{
    private static readonly string[] Audiences = ["", "@guest", "@auth"];
    private (JsonObject Source, RateLimitSettings Value)? _rateLimits;
    private (JsonObject Source, IReadOnlyList<string> Value)? _cors;

    /// <summary>The parsed <c>rateLimits</c> setting (parsed once per settings change).</summary>
    public RateLimitSettings RateLimits
    {
        get
        {
            var current = _current;
            if (_rateLimits is { } cached && ReferenceEquals(cached.Source, current))
            {
                return cached.Value;
            }

            var o = current["rateLimits"] as JsonObject;
            var rules = (o?["rules"] as JsonArray ?? []).OfType<JsonObject>().Select(r => new RateLimitRule(
                Str(r["label"]), (int)(TryNumber(r["maxRequests"], out var max) ? max : 0), (int)(TryNumber(r["duration"], out var d) ? d : 0), Str(r["audience"])))
                .Where(r => r.Label.Length > 0 && r.MaxRequests > 0 && r.Duration > 0).ToList();
            var value = new RateLimitSettings(o?["enabled"] is JsonValue e && e.TryGetValue<bool>(out var on) && on, rules,
                [.. (o?["excludedIPs"] as JsonArray ?? []).Select(Str).Where(x => x.Length > 0)]);
            _rateLimits = (current, value);
            return value;
        }
    }

    /// <summary>The <c>cors.allowedOrigins</c> allow-list; empty means the contract's permissive default (any origin).</summary>
    public IReadOnlyList<string> CorsAllowedOrigins
    {
        get
        {
            var current = _current;
            if (_cors is { } cached && ReferenceEquals(cached.Source, current))
            {
                return cached.Value;
            }

            IReadOnlyList<string> value = [.. (current["cors"]?["allowedOrigins"] as JsonArray ?? []).Select(n => Str(n).TrimEnd('/')).Where(x => x.Length > 0)];
            _cors = (current, value);
            return value;
        }
    }

    /// <summary>
    /// The default limits: only failed logins, 5 per identity (in any auth collection, superusers too) per 15 minutes;
    /// request limits are the operator's choice.
    /// </summary>
    private static JsonObject DefaultRateLimits() => new()
    {
        ["enabled"] = true,
        ["rules"] = new JsonArray(new JsonObject { ["label"] = RateLimitRule.FailedAuth, ["audience"] = "", ["duration"] = 900, ["maxRequests"] = 5 }),
        ["excludedIPs"] = new JsonArray(),
    };

    private static void ValidateAuthExtensions(JsonObject s, ValidationErrors errors)
    {
        if (s["rateLimits"] is JsonObject rl)
        {
            if (rl["enabled"] is not JsonValue ev || !ev.TryGetValue<bool>(out _))
            {
                errors.Add("rateLimits.enabled", new FieldError("validation_invalid_value", "Must be a boolean."));
            }

            if (rl["rules"] is not JsonArray rules)
            {
                errors.Add("rateLimits.rules", new FieldError("validation_invalid_value", "Must be an array."));
            }
            else
            {
                for (var i = 0; i < rules.Count; i++)
                {
                    ValidateRule(rules[i], $"rateLimits.rules.{i.ToString(CultureInfo.InvariantCulture)}", errors);
                }
            }

            if (rl["excludedIPs"] is not JsonArray ips || ips.Any(n => n?.GetValueKind() != JsonValueKind.String))
            {
                errors.Add("rateLimits.excludedIPs", new FieldError("validation_invalid_value", "Must be an array of strings."));
            }
        }

        if (s["cors"] is JsonObject cors && (cors["allowedOrigins"] is not JsonArray origins ||
            origins.Any(n => n?.GetValueKind() != JsonValueKind.String || !IsOrigin(Str(n)))))
        {
            errors.Add("cors.allowedOrigins", new FieldError("validation_invalid_value", "Must be an array of origins such as https://example.com, or \"*\"."));
        }
    }

    private static void ValidateRule(JsonNode? node, string path, ValidationErrors errors)
    {
        if (node is not JsonObject r)
        {
            errors.Add(path, new FieldError("validation_invalid_value", "Must be an object."));
            return;
        }

        if (Str(r["label"]).Trim().Length == 0)
        {
            errors.Add(path + ".label", FieldError.Required());
        }

        CheckNumber(r, "maxRequests", 1, 1_000_000_000, path + ".maxRequests", errors);
        CheckNumber(r, "duration", 1, 31_536_000, path + ".duration", errors);
        if (r["audience"] is not null && !Audiences.Contains(Str(r["audience"]), StringComparer.Ordinal))
        {
            errors.Add(path + ".audience", new FieldError("validation_in_invalid", "Must be \"\", \"@guest\" or \"@auth\"."));
        }
    }

    private static bool IsOrigin(string s) =>
        s == "*" || (Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.AbsolutePath is "/" or "" && u.Query.Length == 0);

    private static string Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
