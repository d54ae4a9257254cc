using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Core.Schema;

public abstract partial class Field
{
    /// <summary>
    /// Writes a record value as the record JSON expects (contract §1.7, §2.3): the field's JSON type, with the zero value
    /// for null or a value of the wrong CLR type, so a response is always well-formed. Whether the field is output at all
    /// (hidden, password, tokenKey) is the caller's decision.
    /// </summary>
    /// <param name="writer">The writer, positioned where a value is expected.</param>
    /// <param name="value">The in-memory value (see the CLR types on <see cref="Field"/>).</param>
    public void WriteValue(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (this)
        {
            case NumberField:
                var d = value switch
                {
                    double x => x,
                    float f => f,
                    int i => i,
                    long l => l,
                    decimal m => (double)m,
                    _ => 0d,
                };
                writer.WriteNumberValue(double.IsFinite(d) ? d : 0);
                break;
            case BoolField:
                writer.WriteBooleanValue(value is true);
                break;
            case JsonField:
                WriteJsonValue(writer, value);
                break;
            case GeoPointField:
                var p = value is GeoPoint g ? g : new GeoPoint(0, 0);
                writer.WriteStartObject();
                writer.WriteNumber("lon", double.IsFinite(p.Lon) ? p.Lon : 0);
                writer.WriteNumber("lat", double.IsFinite(p.Lat) ? p.Lat : 0);
                writer.WriteEndObject();
                break;
            case SelectField or RelationField or FileField when IsMultiValued:
                writer.WriteStartArray();
                foreach (var item in ValueCast.AsList(value))
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            case SelectField or RelationField or FileField:
                var list = ValueCast.AsList(value);
                writer.WriteStringValue(list.Count == 0 ? "" : list[^1]);
                break;
            default:
                writer.WriteStringValue(value as string ?? "");
                break;
        }
    }

    private static void WriteJsonValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonNode node:
                try
                {
                    // Serialize first so a bad node cannot leave the writer half-way through a value.
                    writer.WriteRawValue(node.ToJsonString(), skipInputValidation: true);
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
                {
                    writer.WriteNullValue();
                }

                break;
            case string raw:
                try
                {
                    using var doc = JsonDocument.Parse(raw);
                    doc.RootElement.WriteTo(writer);
                }
                catch (Exception ex) when (ex is JsonException or ArgumentException)
                {
                    writer.WriteStringValue(raw);
                }

                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
