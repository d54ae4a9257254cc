using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Core.Schema;

/// <summary>
/// The loose casts of contract §2.3 (modelled on the reference server's): they never fail, bad input becomes the
/// type's zero value, so normalization cannot throw on client data.
/// </summary>
internal static class ValueCast
{
    public static JsonValueKind Kind(JsonNode? node)
    {
        if (node is null)
        {
            return JsonValueKind.Null;
        }

        try
        {
            return node.GetValueKind();
        }
        catch (InvalidOperationException)
        {
            return JsonValueKind.Undefined;
        }
    }

    public static string ToText(JsonNode? node)
    {
        switch (Kind(node))
        {
            case JsonValueKind.String:
                var v = (JsonValue)node!;
                try
                {
                    if (v.TryGetValue(out string? s))
                    {
                        return s ?? "";
                    }

                    return v.TryGetValue(out char c) ? c.ToString() : "";
                }
                catch (InvalidOperationException)
                {
                    // An escaped lone surrogate cannot become a .NET string; treat it as no text.
                    return "";
                }
            case JsonValueKind.Number:
                return FormatNumber(ToNumber(node));
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            default:
                return "";
        }
    }

    public static double ToNumber(JsonNode? node)
    {
        switch (Kind(node))
        {
            case JsonValueKind.Number:
                var v = (JsonValue)node!;
                if (v.TryGetValue(out double d))
                {
                    return d;
                }

                if (v.TryGetValue(out long l))
                {
                    return l;
                }

                if (v.TryGetValue(out decimal m))
                {
                    return (double)m;
                }

                return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : 0;
            case JsonValueKind.String:
                return ParseNumber(ToText(node));
            case JsonValueKind.True:
                return 1;
            default:
                return 0;
        }
    }

    public static double ParseNumber(string s)
    {
        var t = s.Trim();
        if (t.Length == 0 || t.Length > 400)
        {
            return 0;
        }

        switch (t.ToUpperInvariant())
        {
            case "NAN":
                return double.NaN;
            case "INF" or "+INF" or "INFINITY" or "+INFINITY":
                return double.PositiveInfinity;
            case "-INF" or "-INFINITY":
                return double.NegativeInfinity;
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
    }

    public static bool ToBool(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.True => true,
        JsonValueKind.Number => ToNumber(node) != 0,
        JsonValueKind.String => ToText(node) is "1" or "t" or "T" or "true" or "TRUE" or "True",
        _ => false,
    };

    /// <summary>Shortest text that reads back as the same double, integers without exponent or fraction.</summary>
    public static string FormatNumber(double d)
    {
        if (double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e21)
        {
            return d.ToString("F0", CultureInfo.InvariantCulture);
        }

        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A deduplicated list of non-empty strings: arrays item by item, a string as one item unless it is a JSON
    /// array of strings (multipart clients send lists that way).
    /// </summary>
    public static List<string> ToStringList(JsonNode? node)
    {
        var raw = new List<string>();
        switch (Kind(node))
        {
            case JsonValueKind.Array:
                foreach (var item in node!.AsArray())
                {
                    raw.Add(ToText(item));
                }

                break;
            case JsonValueKind.String:
                var s = ToText(node);
                if (s.Contains('[', StringComparison.Ordinal) && TryParseStringArray(s, out var parsed))
                {
                    raw.AddRange(parsed);
                }
                else
                {
                    raw.Add(s);
                }

                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                raw.Add(ToText(node));
                break;
        }

        return Uniques(raw);
    }

    public static List<string> Uniques(IEnumerable<string> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var item in items)
        {
            if (item.Length > 0 && seen.Add(item))
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static bool TryParseStringArray(string s, out List<string> items)
    {
        items = [];
        try
        {
            using var doc = JsonDocument.Parse(s);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                items.Add(e.GetString() ?? "");
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A stored list value (string, list or array) as a list, for modifiers and validation.</summary>
    public static List<string> AsList(object? value) => value switch
    {
        null => [],
        string s => s.Length == 0 ? [] : [s],
        IEnumerable<string> list => [.. list],
        _ => [],
    };

    /// <summary>The list as the field stores it: an array when multiple, else the last item or "".</summary>
    public static object Shape(List<string> items, bool multiple)
    {
        if (multiple)
        {
            return items.ToArray();
        }

        return items.Count == 0 ? "" : items[^1];
    }
}
