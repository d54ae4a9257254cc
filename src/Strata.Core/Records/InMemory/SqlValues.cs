using Strata.Filter;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Core.Records.InMemory;

/// <summary>Value conversions with SQLite's results (the reference semantics both SQL dialects implement).</summary>
internal static class SqlValues
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>SQLite's text of a number stored with NUMERIC affinity: integers without a fraction.</summary>
    public static string Number(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < 9e15
            ? ((long)d).ToString(CultureInfo.InvariantCulture)
            : d.ToString("G15", CultureInfo.InvariantCulture);

    /// <summary>The text of a scalar constant as the compiler binds it: numbers shortest round-trip, booleans 1/0.</summary>
    public static string Literal(object value) => value switch
    {
        string s => s,
        double d => FilterValueRules.FormatNumber(d),
        bool b => b ? "1" : "0",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>ASCII-only lower case (SQLite <c>lower()</c> without ICU).</summary>
    public static string AsciiLower(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c is >= 'A' and <= 'Z' ? (char)(c + 32) : c);
        }

        return sb.ToString();
    }

    /// <summary>The SQLite value of a JSON value (json_extract): NULL, a double for numbers and booleans, text otherwise.</summary>
    public static object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue v:
                if (v.GetValueKind() == JsonValueKind.Null)
                {
                    return null;
                }

                if (v.GetValueKind() == JsonValueKind.String)
                {
                    return v.GetValue<string>();
                }

                if (v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    return v.GetValueKind() == JsonValueKind.True ? 1d : 0d;
                }

                return v.TryGetValue<double>(out var d) ? d : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
            default:
                return node.ToJsonString(Compact);
        }
    }

    /// <summary>A JSON path step like SQLite's <c>$.key</c> / <c>$[n]</c>.</summary>
    public static JsonNode? Step(JsonNode? node, string segment)
    {
        if (segment.Length > 0 && segment.All(char.IsAsciiDigit))
        {
            return node is JsonArray a && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count
                ? a[i]
                : null;
        }

        return node is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
    }
}
