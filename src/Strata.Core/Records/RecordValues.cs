using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Schema;

namespace Strata.Core.Records;

/// <summary>Conversions of record values shared by both dialects (JSON array text, geo points, datetimes).</summary>
public static class RecordValues
{
    /// <summary>Parses canonical datetime text; false for "" or anything else.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The UTC instant.</param>
    public static bool TryParseCanonicalDate(string? text, out DateTime value) => DateTimeText.TryParseCanonical(text, out value);

    /// <summary>The JSON array text of a string list.</summary>
    /// <param name="values">The values, or null for an empty list.</param>
    public static string ToJsonArray(object? values)
    {
        var list = values as IEnumerable<string> ?? [];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var v in list)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses JSON array text into strings; anything else gives an empty list.</summary>
    /// <param name="json">The JSON text.</param>
    public static IReadOnlyList<string> FromJsonArray(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var result = new List<string>(doc.RootElement.GetArrayLength());
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                result.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
            }

            return result;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The JSON text of a geo point.</summary>
    /// <param name="value">A <see cref="GeoPoint"/> or null.</param>
    public static string ToGeoJson(object? value)
    {
        var p = value is GeoPoint g ? g : default;
        return string.Create(CultureInfo.InvariantCulture, $"{{\"lon\":{p.Lon.ToString("R", CultureInfo.InvariantCulture)},\"lat\":{p.Lat.ToString("R", CultureInfo.InvariantCulture)}}}");
    }

    /// <summary>Parses a geo point from its JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    public static GeoPoint FromGeoJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return default;
        }

        try
        {
            var node = JsonNode.Parse(json) as JsonObject;
            return new GeoPoint(node?["lon"]?.GetValue<double>() ?? 0, node?["lat"]?.GetValue<double>() ?? 0);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return default;
        }
    }

    /// <summary>The JSON text of a json field value, or null for SQL NULL.</summary>
    /// <param name="value">A JsonNode or null.</param>
    public static string? ToJsonText(object? value) => value switch
    {
        null => null,
        JsonNode n => n.ToJsonString(),
        _ => JsonSerializer.Serialize(value),
    };

    /// <summary>
    /// A json field's value from whatever the engine returned: JSON text, or a plain number, boolean or text (view
    /// expression columns such as <c>COUNT(*)</c>).
    /// </summary>
    /// <param name="value">The driver value.</param>
    public static JsonNode? FromDbJson(object? value) => value switch
    {
        null or DBNull => null,
        string s => FromJsonText(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        decimal m => JsonValue.Create(m),
        float f => JsonValue.Create(f),
        DateTime dt => JsonValue.Create(Schema.DateTimeText.Format(new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)))),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>Parses a json field's stored text.</summary>
    /// <param name="json">The stored text or null.</param>
    public static JsonNode? FromJsonText(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
